package com.example.vetclinic;

import com.example.vetclinic.owners.OwnerController;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;

/** {@link OwnerPageSlice} with Boot 4's slice annotation (moved to the webmvc-test module). */
@WebMvcTest(OwnerController.class)
class OwnerControllerWebMvcTest extends OwnerPageSlice {
}

package com.example.vetclinic;

import com.example.vetclinic.owners.OwnerController;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;

/** {@link OwnerPageSlice} with Boot 3's slice annotation. */
@WebMvcTest(OwnerController.class)
class OwnerControllerWebMvcTest extends OwnerPageSlice {
}

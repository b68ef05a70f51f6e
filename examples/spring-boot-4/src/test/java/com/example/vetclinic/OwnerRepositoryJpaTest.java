package com.example.vetclinic;

import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;

/** {@link OwnerQueries} with Boot 4's slice annotations (moved to the data-jpa-test and jdbc-test modules). */
@DataJpaTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
class OwnerRepositoryJpaTest extends OwnerQueries {
}

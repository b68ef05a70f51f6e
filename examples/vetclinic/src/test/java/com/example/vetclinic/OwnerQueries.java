package com.example.vetclinic;

import com.example.vetclinic.owners.Owner;
import com.example.vetclinic.owners.OwnerRepository;
import com.example.vetclinic.owners.Pet;
import com.example.vetclinic.owners.PetRepository;
import dev.scalelab.diagnostics.Diagnostics;
import dev.scalelab.diagnostics.Finding;
import dev.scalelab.diagnostics.UnitReport;
import dev.scalelab.diagnostics.junit.NoNPlusOne;
import dev.scalelab.diagnostics.junit.QueryBudget;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.annotation.Transactional;

import java.time.LocalDate;

import static dev.scalelab.diagnostics.junit.Queries.assertQueries;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The repository tests of the example in a {@code @DataJpaTest} slice (annotated per Boot line, whose packages
 * differ): the starter's {@code Diagnostics} bean is injectable and every test body is a unit, with no wiring.
 * ({@code @Transactional} here too: Spring looks for it on the class that declares the test method.)
 */
@Transactional
public abstract class OwnerQueries extends ClinicDatabase {
    @Autowired
    protected Diagnostics diagnostics;
    @Autowired
    protected OwnerRepository owners;
    @Autowired
    protected PetRepository pets;
    @Autowired
    protected EntityManager entityManager;

    @BeforeEach
    void threeOwnersWithAPetEach() {
        for (String first : new String[] {"Ana", "Ben", "Cy"}) {
            Owner owner = owners.save(new Owner(first, "Zeta", "Verona"));
            pets.save(new Pet(owner, "Pet of " + first, "cat", LocalDate.of(2020, 1, 1)));
        }
        entityManager.flush();
        entityManager.clear();
    }

    @Test
    void lazyPetsReadInALoop_isOneNPlusOne_atTheTestsOwnLine() throws Throwable {
        int[] petsSeen = {0};
        UnitReport report = assertQueries(diagnostics, () -> {
            for (Owner owner : owners.findByLastNameOrderByFirstName("Zeta")) {
                petsSeen[0] += owner.getPets().size();
            }
        });

        assertThat(petsSeen[0]).isEqualTo(3);

        assertThat(report.findings()).singleElement().satisfies(finding -> {
            assertThat(finding.kind()).isEqualTo(Finding.Kind.N_PLUS_ONE);
            assertThat(finding.count()).isEqualTo(3);
            assertThat(finding.callSite()).matches("OwnerQueries\\.lambda\\$.*\\(OwnerQueries\\.java:\\d+\\)");
        });
        assertThat(report.applicationStatements()).isEqualTo(4);
    }

    @Test
    @QueryBudget(max = 1)
    @NoNPlusOne
    void theTestBody_isAUnitOfItsOwn_checkedAgainstItsBudget() {
        assertThat(owners.findByLastNameOrderByFirstName("Zeta")).hasSize(3);

        assertThat(diagnostics.current()).hasValueSatisfying(unit -> {
            assertThat(unit.name()).isEqualTo(getClass().getSimpleName() + ".theTestBody_isAUnitOfItsOwn_checkedAgainstItsBudget");
            assertThat(unit.statements()).isEqualTo(1);
        });
    }
}

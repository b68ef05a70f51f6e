package com.example.vetclinic;

import com.example.vetclinic.owners.Owner;
import com.example.vetclinic.owners.OwnerRepository;
import com.example.vetclinic.owners.Pet;
import com.example.vetclinic.owners.PetRepository;
import com.example.vetclinic.visits.Visit;
import com.example.vetclinic.visits.VisitRepository;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.time.LocalDate;
import java.util.List;

/** Ten owners with two pets each and a few visits, on an empty database. */
@Component
public class SampleData implements ApplicationRunner {
    static final List<String> LAST_NAMES = List.of("Acosta", "Baker", "Castro", "Davis", "Evans", "Franklin",
            "Garcia", "Hughes", "Ito", "Jensen");
    private final OwnerRepository owners;
    private final PetRepository pets;
    private final VisitRepository visits;

    public SampleData(OwnerRepository owners, PetRepository pets, VisitRepository visits) {
        this.owners = owners;
        this.pets = pets;
        this.visits = visits;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        if (owners.count() > 0) {
            return;
        }
        LocalDate today = LocalDate.now();
        int n = 0;
        for (String lastName : LAST_NAMES) {
            Owner owner = owners.save(new Owner("Sam", lastName, n % 2 == 0 ? "Madison" : "Monona"));
            Pet cat = pets.save(new Pet(owner, "Cat of " + lastName, "cat", today.minusYears(3)));
            Pet dog = pets.save(new Pet(owner, "Dog of " + lastName, "dog", today.minusYears(5)));
            visits.save(new Visit(cat, today.minusMonths(2), "vaccination", true));
            visits.save(new Visit(dog, today.plusDays(7 + n), "check-up", false));
            n++;
        }
    }
}

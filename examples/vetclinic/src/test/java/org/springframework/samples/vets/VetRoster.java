package org.springframework.samples.vets;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.ArrayList;
import java.util.List;

/** The vets with their specialties, read lazily: one query per vet. */
@Service
public class VetRoster implements ApplicationRunner {
    private final VetRepository vets;

    public VetRoster(VetRepository vets) {
        this.vets = vets;
    }

    @Transactional(readOnly = true)
    public List<String> summaries() {
        List<String> out = new ArrayList<>();
        for (Vet vet : vets.findAll()) {
            out.add(vet.getName() + ": " + String.join(", ", vet.getSpecialties()));
        }
        return out;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        if (vets.count() == 0) {
            vets.save(new Vet("James Carter", List.of("general")));
            vets.save(new Vet("Helen Leary", List.of("radiology")));
            vets.save(new Vet("Linda Douglas", List.of("surgery", "dentistry")));
            vets.save(new Vet("Rafael Ortega", List.of("surgery")));
        }
    }
}

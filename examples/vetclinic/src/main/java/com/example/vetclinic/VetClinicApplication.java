package com.example.vetclinic;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableAsync;

/**
 * A small vet clinic: owners, their pets, the pets' visits. It carries three performance problems on purpose,
 * so that the scalelab starter has something to find:
 * <ul>
 *   <li>{@code GET /owners} loads each owner's pets lazily, one query per owner (N+1, {@code OwnerDirectory});</li>
 *   <li>{@code GET /owners/{ownerId}} counts the open visits twice while the page renders, after the response
 *       has started (a duplicate read, {@code VisitLedger} called from the template);</li>
 *   <li>the same page loads upcoming visits on an {@code @Async} thread ({@code ReminderService}).</li>
 * </ul>
 */
@SpringBootApplication
@EnableAsync
public class VetClinicApplication {
    public static void main(String[] args) {
        SpringApplication.run(VetClinicApplication.class, args);
    }
}

package com.example.vetclinic.visits;

import com.example.vetclinic.owners.Pet;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.time.LocalDate;

@Entity
@Table(name = "clinic_visit")
public class Visit {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private LocalDate visitDate;
    private String description;
    private boolean done;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    private Pet pet;

    protected Visit() {
    }

    public Visit(Pet pet, LocalDate visitDate, String description, boolean done) {
        this.pet = pet;
        this.visitDate = visitDate;
        this.description = description;
        this.done = done;
    }

    public Long getId() {
        return id;
    }

    public LocalDate getVisitDate() {
        return visitDate;
    }

    public String getDescription() {
        return description;
    }

    public boolean isDone() {
        return done;
    }

    public Pet getPet() {
        return pet;
    }
}

package org.springframework.samples.vets;

import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import jakarta.persistence.CollectionTable;

import java.util.ArrayList;
import java.util.List;

@Entity
@Table(name = "vets_vet")
public class Vet {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private String name;

    @ElementCollection
    @CollectionTable(name = "vets_specialty", joinColumns = @JoinColumn(name = "vet_id"))
    private List<String> specialties = new ArrayList<>();

    protected Vet() {
    }

    public Vet(String name, List<String> specialties) {
        this.name = name;
        this.specialties.addAll(specialties);
    }

    public String getName() {
        return name;
    }

    public List<String> getSpecialties() {
        return specialties;
    }
}

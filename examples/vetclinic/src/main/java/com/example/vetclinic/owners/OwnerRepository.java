package com.example.vetclinic.owners;

import org.springframework.data.jpa.repository.JpaRepository;

import java.util.List;

public interface OwnerRepository extends JpaRepository<Owner, Long> {
    List<Owner> findAllByOrderByLastNameAscFirstNameAsc();

    List<Owner> findByLastNameOrderByFirstName(String lastName);
}

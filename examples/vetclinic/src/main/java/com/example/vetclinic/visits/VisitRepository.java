package com.example.vetclinic.visits;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

import java.time.LocalDate;
import java.util.List;

public interface VisitRepository extends JpaRepository<Visit, Long> {
    @Query("select count(v) from Visit v where v.pet.owner.id = :ownerId and v.done = false")
    long countOpenByOwner(long ownerId);

    @Query("select v from Visit v join fetch v.pet p where p.owner.id = :ownerId and v.visitDate >= :from order by v.visitDate")
    List<Visit> findUpcomingByOwner(long ownerId, LocalDate from);
}

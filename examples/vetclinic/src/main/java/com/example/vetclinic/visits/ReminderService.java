package com.example.vetclinic.visits;

import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Upcoming visits, loaded on Spring's task executor while the request goes on. */
@Service
public class ReminderService {
    private final VisitRepository visits;
    private final Clock clock = Clock.systemDefaultZone();

    public ReminderService(VisitRepository visits) {
        this.visits = visits;
    }

    @Async
    public CompletableFuture<List<Visit>> upcomingFor(long ownerId) {
        return CompletableFuture.completedFuture(visits.findUpcomingByOwner(ownerId, LocalDate.now(clock)));
    }
}

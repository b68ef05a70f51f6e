package com.example.vetclinic.visits;

import org.springframework.stereotype.Component;

/** Counts the owner detail page shows; the template calls it while it renders. */
@Component
public class VisitLedger {
    private final VisitRepository visits;

    public VisitLedger(VisitRepository visits) {
        this.visits = visits;
    }

    /**
     * Open visits of an owner. The detail page asks twice (badge and footer) with the same owner: the same read
     * twice, after the response has started. (The fix: compute it once in the controller, into the model.)
     */
    public long openVisits(long ownerId) {
        return visits.countOpenByOwner(ownerId);
    }
}

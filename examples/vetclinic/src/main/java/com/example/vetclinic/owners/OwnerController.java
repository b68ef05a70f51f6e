package com.example.vetclinic.owners;

import com.example.vetclinic.visits.ReminderService;
import com.example.vetclinic.visits.Visit;
import com.example.vetclinic.visits.VisitLedger;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

import java.util.List;
import java.util.concurrent.CompletableFuture;

@Controller
public class OwnerController {
    private final OwnerDirectory directory;
    private final OwnerRepository owners;
    private final VisitLedger ledger;
    private final ReminderService reminders;

    public OwnerController(OwnerDirectory directory, OwnerRepository owners, VisitLedger ledger,
                           ReminderService reminders) {
        this.directory = directory;
        this.owners = owners;
        this.ledger = ledger;
        this.reminders = reminders;
    }

    @GetMapping("/owners")
    public String list(Model model) {
        model.addAttribute("rows", directory.rows());
        return "owners/list";
    }

    @GetMapping("/owners/{ownerId}")
    public String show(@PathVariable("ownerId") long ownerId, Model model) {
        CompletableFuture<List<Visit>> upcoming = reminders.upcomingFor(ownerId); // runs on an @Async thread
        Owner owner = owners.findById(ownerId)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no owner " + ownerId));
        model.addAttribute("owner", owner);
        model.addAttribute("upcoming", upcoming.join());
        model.addAttribute("ledger", ledger); // the template asks it for counts while it renders
        return "owners/detail";
    }
}

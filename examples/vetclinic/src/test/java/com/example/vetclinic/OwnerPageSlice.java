package com.example.vetclinic;

import com.example.vetclinic.owners.OwnerDirectory;
import com.example.vetclinic.owners.OwnerRepository;
import com.example.vetclinic.visits.ReminderService;
import com.example.vetclinic.visits.VisitLedger;
import dev.scalelab.diagnostics.Diagnostics;
import dev.scalelab.diagnostics.UnitScope;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The controller in a {@code @WebMvcTest} slice (annotated per Boot line): MockMvc requests go through the
 * starter's filter, get {@code Server-Timing} and a unit named by the route template.
 */
public abstract class OwnerPageSlice {
    @Autowired
    protected MockMvc mvc;
    @Autowired
    protected Diagnostics diagnostics;
    @MockitoBean
    protected OwnerDirectory directory;
    @MockitoBean
    protected OwnerRepository owners;
    @MockitoBean
    protected VisitLedger ledger;
    @MockitoBean
    protected ReminderService reminders;

    @Test
    void ownersPage_hasServerTiming_andAUnitNamedByItsRoute() throws Exception {
        when(directory.rows()).thenReturn(List.of(new OwnerDirectory.Row(7L, "Sam Acosta", "Madison", List.of("Rex"))));

        mvc.perform(get("/owners"))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("Sam Acosta")))
                .andExpect(header().string("Server-Timing", "db;dur=0.000;desc=\"0 statements before the response committed\""));

        assertThat(diagnostics.snapshot().unit("GET /owners")).hasValueSatisfying(
                unit -> assertThat(unit.requests()).isEqualTo(1));
    }

    @Test
    void theControllerAlreadyRunsInAUnitNamedByTheRouteTemplate() throws Exception {
        String[] unitInController = {"none"};
        when(reminders.upcomingFor(7L)).thenAnswer(invocation -> {
            unitInController[0] = diagnostics.current().map(UnitScope::name).orElse("none");
            return CompletableFuture.completedFuture(List.of());
        });
        when(owners.findById(7L)).thenReturn(Optional.empty());

        mvc.perform(get("/owners/7")).andExpect(status().isNotFound());

        assertThat(unitInController[0]).isEqualTo("GET /owners/{ownerId}");
    }
}

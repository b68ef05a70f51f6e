package com.example.vetclinic.owners;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.ArrayList;
import java.util.List;

/** The owners list page's rows. */
@Service
public class OwnerDirectory {
    private final OwnerRepository owners;

    public OwnerDirectory(OwnerRepository owners) {
        this.owners = owners;
    }

    /** One row per owner with the names of their pets. */
    public record Row(Long id, String name, String city, List<String> pets) {
    }

    /**
     * The N+1 of this app: one query for the owners, then one per owner when its lazy {@code pets} collection is
     * read below. (The fix: {@code @EntityGraph(attributePaths = "pets")} on the repository method, or a
     * {@code join fetch}.)
     */
    @Transactional(readOnly = true)
    public List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (Owner owner : owners.findAllByOrderByLastNameAscFirstNameAsc()) {
            List<String> pets = new ArrayList<>();
            for (Pet pet : owner.getPets()) {
                pets.add(pet.getName());
            }
            rows.add(new Row(owner.getId(), owner.getFirstName() + " " + owner.getLastName(), owner.getCity(), pets));
        }
        return rows;
    }
}

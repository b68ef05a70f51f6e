package example.blog;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "tag")
public class Tag {
    @Id
    private Long id;
    private String name;

    protected Tag() {
    }

    public String getName() {
        return name;
    }
}

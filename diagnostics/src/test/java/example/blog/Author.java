package example.blog;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "author")
public class Author {
    @Id
    private Long id;
    private String name;

    protected Author() {
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }
}

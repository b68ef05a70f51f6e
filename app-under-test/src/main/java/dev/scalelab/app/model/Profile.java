package dev.scalelab.app.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "profile")
public class Profile {
    @Id
    private Long id;

    @Column(name = "avatar_url", nullable = false)
    private String avatarUrl;

    @Column(nullable = false)
    private String bio;

    protected Profile() {
    }

    public Long getId() {
        return id;
    }

    public String getAvatarUrl() {
        return avatarUrl;
    }

    public String getBio() {
        return bio;
    }
}

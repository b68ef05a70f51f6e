package com.example.vetclinic;

import org.springframework.boot.SpringBootVersion;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every test context of the example on the real PostgreSQL at {@code SCALELAB_TEST_DB_URL}, in a schema of its
 * own per Spring Boot line ({@code vetclinic_boot3}, {@code vetclinic_boot4}), created by Hibernate.
 */
public abstract class ClinicDatabase {
    public static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        String url = System.getenv().getOrDefault("SCALELAB_TEST_DB_URL", DEFAULT_URL);
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.jpa.properties.hibernate.default_schema", ClinicDatabase::schema);
    }

    public static String schema() {
        return "vetclinic_boot" + SpringBootVersion.getVersion().charAt(0);
    }
}

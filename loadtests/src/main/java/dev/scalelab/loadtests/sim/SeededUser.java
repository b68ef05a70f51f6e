package dev.scalelab.loadtests.sim;

/** One row of the users CSV {@code id,email,password,name} written by {@code scalelab} for the load tests. */
public record SeededUser(long id, String email, String password, String name) {
    public SeededUser {
        if (email == null || email.isBlank() || name == null || name.isBlank() || password == null) {
            throw new IllegalArgumentException("user " + id + " needs an email, a password and a name");
        }
    }
}

package org.springframework.samples.vets;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A second, tiny app whose own classes live under {@code org.springframework.}, a framework prefix of the
 * diagnostics (as the well-known Spring sample apps do). The starter takes this class's package as the
 * application package, so its call sites are still named.
 */
@SpringBootApplication
public class VetsApplication {
}

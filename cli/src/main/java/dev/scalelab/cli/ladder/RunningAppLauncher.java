package dev.scalelab.cli.ladder;

import java.util.Map;
import java.util.Optional;

/** The user's app, already running at the step's {@code url}: nothing to start or stop. */
final class RunningAppLauncher implements AppLauncher {

    private final Ladder.OwnApp own;

    RunningAppLauncher(Ladder.OwnApp own) {
        this.own = own;
    }

    @Override
    public Map<String, String> describe() {
        return Map.of("app", own.url().orElseThrow());
    }

    @Override
    public Target start(StepContext ctx) {
        return new OwnTarget(own, ctx, own.url().orElseThrow(), Optional.empty(), new Opened());
    }
}

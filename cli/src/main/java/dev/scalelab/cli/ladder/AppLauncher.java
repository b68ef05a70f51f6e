package dev.scalelab.cli.ladder;

import java.util.Map;

/**
 * One way of bringing an app up for a step: the reference app with switches ({@link ReferenceAppLauncher}), a
 * command of the user's ({@link CommandLauncher}), a git ref built in a worktree ({@link GitRefLauncher}), or an app
 * that already runs ({@link RunningAppLauncher}). A new way to start an app is a new implementation.
 */
interface AppLauncher {

    /** What the report shows of the step's app: switches, the command, the ref. */
    Map<String, String> describe();

    /**
     * Starts the app's processes and returns once they are started; readiness is {@link Target#awaitReady()}'s, so the
     * injector can boot meanwhile.
     *
     * @throws StartException when the app cannot be started (the message is the step's one-line reason)
     */
    Target start(StepContext step) throws StartException, InterruptedException;
}

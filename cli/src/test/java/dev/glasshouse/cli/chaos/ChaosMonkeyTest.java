package dev.glasshouse.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ChaosMonkeyTest {
    /** Records what the monkey does instead of doing it; its executors die when killed. */
    private static class RecordingTarget implements ChaosTarget {
        final List<ExecutorProcess> alive = Collections.synchronizedList(new ArrayList<>(List.of(
                new ExecutorProcess("exec-1", 101), new ExecutorProcess("exec-2", 102),
                new ExecutorProcess("exec-3", 103))));
        final List<String> actions = Collections.synchronizedList(new ArrayList<>());

        @Override
        public List<ExecutorProcess> executors() {
            return List.copyOf(alive);
        }

        @Override
        public long clusterManagerPid() {
            return 100;
        }

        @Override
        public void takeDownS3(Duration outage) {
            actions.add("s3 down " + outage.toSeconds() + " s");
        }

        @Override
        public void signal(long pid, String signal) {
            actions.add(signal + " " + pid);
            if (signal.equals("KILL")) alive.removeIf(e -> e.pid() == pid);
        }
    }

    private static List<InjectedFault> runToEnd(ChaosSpec spec, RecordingTarget target) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ChaosMonkey monkey = new ChaosMonkey(new ChaosPlan(spec), target, new PrintStream(printed, true,
                StandardCharsets.UTF_8));
        monkey.start(CompletableFuture.completedFuture(System.currentTimeMillis()));
        long deadline = System.currentTimeMillis() + 10_000;
        while (monkey.injected().size() < spec.faultCount() && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        monkey.close();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("[chaos] #1 ");
        return monkey.injected();
    }

    @Test
    void killsRandomExecutorsReproduciblyAndStopsWhenNoneIsLeft() throws Exception {
        ChaosSpec spec = new ChaosSpec(List.of(FaultKind.KILL_EXECUTOR), ChaosSpec.RANDOM, "KILL", Duration.ZERO,
                Duration.ZERO, 0, ChaosSpec.Trigger.START, Duration.ZERO, Duration.ofMillis(20), 4, 5);
        RecordingTarget first = new RecordingTarget();
        List<InjectedFault> faults = runToEnd(spec, first);
        RecordingTarget second = new RecordingTarget();
        runToEnd(spec, second);

        assertThat(faults).hasSize(4);
        assertThat(faults.subList(0, 3)).allSatisfy(f -> assertThat(f.failed()).isNull());
        assertThat(faults.subList(0, 3)).extracting(InjectedFault::executorId)
                .containsExactlyInAnyOrder("exec-1", "exec-2", "exec-3");
        assertThat(faults.get(3).failed()).isEqualTo("no executor alive");
        assertThat(second.actions).isEqualTo(first.actions);
    }

    @Test
    void pausedExecutorIsContinuedLaterAndOtherFaultsReachTheirTargets() throws Exception {
        RecordingTarget target = new RecordingTarget();
        ChaosSpec pause = new ChaosSpec(List.of(FaultKind.PAUSE_EXECUTOR), "exec-2", "KILL", Duration.ofMillis(50),
                Duration.ZERO, 0, ChaosSpec.Trigger.START, Duration.ZERO, Duration.ZERO, 1, 1);
        InjectedFault paused = runToEnd(pause, target).get(0);
        long deadline = System.currentTimeMillis() + 5_000;
        while (!target.actions.contains("CONT 102") && System.currentTimeMillis() < deadline) Thread.sleep(10);

        assertThat(paused.description()).isEqualTo("kill -STOP executor exec-2 (pid 102), kill -CONT after 0.1 s");
        assertThat(target.actions).containsExactly("STOP 102", "CONT 102");

        RecordingTarget other = new RecordingTarget();
        ChaosSpec s3 = new ChaosSpec(List.of(FaultKind.S3_OUTAGE), ChaosSpec.RANDOM, "KILL", Duration.ZERO,
                Duration.ofSeconds(10), 0, ChaosSpec.Trigger.START, Duration.ZERO, Duration.ZERO, 1, 1);
        assertThat(runToEnd(s3, other).get(0).description()).isEqualTo("S3 server down for 10.0 s");
        assertThat(other.actions).containsExactly("s3 down 10 s");
    }

    @Test
    void executorsAlreadyHitAreNotHitAgainWhileStillListed() throws Exception {
        RecordingTarget slowToNotice = new RecordingTarget() {
            @Override
            public void signal(long pid, String signal) {
                actions.add(signal + " " + pid); // killed, but still listed: the cluster has not noticed yet
            }
        };
        ChaosSpec spec = new ChaosSpec(List.of(FaultKind.KILL_EXECUTOR), ChaosSpec.RANDOM, "KILL", Duration.ZERO,
                Duration.ZERO, 0, ChaosSpec.Trigger.START, Duration.ZERO, Duration.ofMillis(1), 3, 2);

        List<InjectedFault> faults = runToEnd(spec, slowToNotice);

        assertThat(faults).extracting(InjectedFault::executorId).doesNotHaveDuplicates().hasSize(3);
        assertThat(slowToNotice.actions).containsExactlyInAnyOrder("KILL 101", "KILL 102", "KILL 103");
    }

    @Test
    void faultsWaitForTheTrigger() throws Exception {
        RecordingTarget target = new RecordingTarget();
        ChaosSpec spec = new ChaosSpec(List.of(FaultKind.KILL_EXECUTOR), "exec-1", "TERM", Duration.ZERO,
                Duration.ZERO, 0, ChaosSpec.Trigger.MAP, Duration.ZERO, Duration.ZERO, 1, 1);
        CompletableFuture<Long> trigger = new CompletableFuture<>();
        try (ChaosMonkey monkey = new ChaosMonkey(new ChaosPlan(spec), target, new PrintStream(
                new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
            monkey.start(trigger);
            Thread.sleep(200);
            assertThat(target.actions).isEmpty();
            trigger.complete(System.currentTimeMillis());
            long deadline = System.currentTimeMillis() + 5_000;
            while (monkey.injected().isEmpty() && System.currentTimeMillis() < deadline) Thread.sleep(10);
            assertThat(target.actions).containsExactly("TERM 101");
        }
    }
}

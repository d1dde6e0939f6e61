package dev.glasshouse.clustermanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.cluster.Member;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import com.typesafe.config.ConfigValueFactory;
import dev.glasshouse.clustermanager.state.ClusterManagerState;
import dev.glasshouse.clustermanager.state.ExecutorsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.Behaviors;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.glasshouse.core.cluster.ClusterNode;
import dev.glasshouse.core.protocol.ClusterManagerProtocol;
import dev.glasshouse.core.protocol.ExecutorInfo;
import dev.glasshouse.core.protocol.ExecutorProtocol;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A real single-node cluster on 127.0.0.1, with executors played by actors that only register. */
class ClusterManagerNodeTest {
    /** Only for its probes; the node runs its own actor system. */
    private static final ActorTestKit probes = ActorTestKit.create(
            ConfigFactory.parseString("akka.actor.provider = local").withFallback(ConfigFactory.load()));

    @AfterAll
    static void shutdown() {
        probes.shutdownTestKit();
    }

    @Test
    void launchesExecutorsWaitsForThemAndStopsThemAllOnClose() throws Exception {
        TestProbe<String> backendCalls = probes.createTestProbe();
        Config config = ConfigFactory.load();
        int port = freePort();
        ClusterManagerNode node = ClusterManagerNode.start(config, port, 2, 1, 512,
                new RecordingBackend(backendCalls.getRef()));
        try {
            assertThat(node.master()).isEqualTo("127.0.0.1:" + port);
            backendCalls.expectMessage("launch exec-1");
            backendCalls.expectMessage("launch exec-2");
            var waiting = node.awaitExecutors(2, Duration.ofSeconds(30)).toCompletableFuture();

            registerStandIn(node, "exec-1");
            assertThat(waiting).isNotDone();
            registerStandIn(node, "exec-2");

            List<ExecutorInfo> executors = waiting.get(30, TimeUnit.SECONDS);
            assertThat(executors).extracting(ExecutorInfo::executorId).containsExactly("exec-1", "exec-2");
            assertThat(node.executors()).isEqualTo(executors);

            var tooMany = node.awaitExecutors(3, Duration.ofMillis(200)).toCompletableFuture();
            assertThatThrownBy(() -> tooMany.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(TimeoutException.class).hasMessageContaining("only 2 of 3 executors");
        } finally {
            node.close();
        }
        backendCalls.expectMessage("stopAll");
        assertThat(node.system().whenTerminated().isCompleted()).isTrue();
        node.close();
        backendCalls.expectNoMessage(Duration.ofMillis(200));
    }

    @Test
    void aTakenPortIsReportedBeforeAnythingStarts() throws IOException {
        TestProbe<String> backendCalls = probes.createTestProbe();
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> ClusterManagerNode.start(ConfigFactory.load(), taken.getLocalPort(), 1, 1, 512,
                    new RecordingBackend(backendCalls.getRef())))
                    .isInstanceOf(ClusterNode.PortInUseException.class);
        }
        backendCalls.expectNoMessage(Duration.ofMillis(200));
    }

    @Test
    void withTheMembersOfAClusterInItsStateFolderItJoinsThatClusterAndLaunchesAfterTheIdsUsedBefore(
            @TempDir Path stateDir) throws Exception {
        Config config = ConfigFactory.load()
                .withValue("glasshouse.cluster-manager.adopt-wait", ConfigValueFactory.fromAnyRef("300ms"));
        // A member of the running cluster; it formed the cluster itself (its own seed node).
        int memberPort = freePort();
        ActorSystem<Void> member = ClusterNode.start(Behaviors.empty(), ClusterNode.Role.EXECUTOR, config,
                memberPort, List.of("127.0.0.1:" + memberPort));
        ClusterManagerNode node = null;
        try {
            awaitUp(member, "127.0.0.1:" + memberPort);
            Files.writeString(stateDir.resolve(ClusterManagerState.MEMBERS_FILE), "127.0.0.1:" + memberPort + "\n");
            Files.writeString(stateDir.resolve(ExecutorsFile.NAME),
                    "{\"clusterManagerPid\": 1, \"lastExecutorNumber\": 4, \"executors\": []}");
            TestProbe<String> backendCalls = probes.createTestProbe();
            int port = freePort();

            node = ClusterManagerNode.start(config, port, 1, 1, 512, new RecordingBackend(backendCalls.getRef()),
                    stateDir);

            backendCalls.expectMessage(Duration.ofSeconds(30), "launch exec-5");
            assertThat(upMembers(member)).as("launched only once it is up in the member's cluster")
                    .contains("127.0.0.1:" + port);
            ClusterManagerState state = new ClusterManagerState(stateDir);
            assertThat(state.previousExecutors().orElseThrow().clusterManagerPid())
                    .isEqualTo(ProcessHandle.current().pid());
            awaitCondition(() -> state.previousMembers().containsAll(
                    List.of("127.0.0.1:" + port, "127.0.0.1:" + memberPort)), "the members file lists both");
        } finally {
            if (node != null) node.close();
            member.terminate();
            member.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private static Set<String> upMembers(ActorSystem<?> system) {
        Set<String> up = new HashSet<>();
        for (Member member : Cluster.get(system).state().getMembers()) {
            if (member.status() == MemberStatus.up()) {
                up.add(member.address().getHost().orElse("") + ":" + member.address().getPort().orElse(0));
            }
        }
        return up;
    }

    private static void awaitUp(ActorSystem<?> system, String member) throws Exception {
        awaitCondition(() -> upMembers(system).contains(member), member + " is up");
    }

    @FunctionalInterface
    private interface Check {
        boolean holds() throws Exception;
    }

    private static void awaitCondition(Check check, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!check.holds()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within 30 s: " + what);
            Thread.sleep(50);
        }
    }

    private static void registerStandIn(ClusterManagerNode node, String executorId) {
        ActorRef<ExecutorProtocol.Command> standIn =
                node.system().systemActorOf(Behaviors.ignore(), executorId, Props.empty());
        node.system().tell(new ClusterManagerProtocol.RegisterExecutor(
                new ExecutorInfo(executorId, 1, "127.0.0.1", 4000, 1, 512, 100), standIn));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

package dev.glasshouse.clustermanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
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

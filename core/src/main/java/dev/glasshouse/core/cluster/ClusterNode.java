package dev.glasshouse.core.cluster;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;

/**
 * Starts the actor system of one Glasshouse process as a member of the cluster: Artery TCP on the configured
 * host and port, the process's role, and the cluster-manager's address as the seed node (or a list of seed
 * nodes, for a cluster-manager rejoining the cluster it was part of).
 */
public final class ClusterNode {
    private ClusterNode() {
    }

    public enum Role {
        CLUSTER_MANAGER("cluster-manager"), DRIVER("driver"), EXECUTOR("executor");

        public final String roleName;

        Role(String roleName) {
            this.roleName = roleName;
        }
    }

    /**
     * @param config the process's configuration (glasshouse.cluster.* and akka.*)
     * @param port   Artery port for this process; 0 picks a free one
     * @throws PortInUseException when the port is taken, before Akka tries to bind it
     */
    public static <T> ActorSystem<T> start(Behavior<T> guardian, Role role, Config config, int port) {
        return start(guardian, role, config, port, List.of(config.getString("glasshouse.cluster.master")));
    }

    /**
     * @param seedNodes host:port of the seed nodes, in order. When the first is this process's own address, Akka
     *                  asks the others first and joins the cluster of the first that answers; only when none
     *                  answers within {@code akka.cluster.seed-node-timeout} does it form a new cluster of its own.
     *                  A cluster-manager restarted on its old address uses that to rejoin its cluster.
     */
    public static <T> ActorSystem<T> start(Behavior<T> guardian, Role role, Config config, int port,
                                           List<String> seedNodes) {
        if (seedNodes.isEmpty()) throw new IllegalArgumentException("at least one seed node is needed");
        String host = config.getString("glasshouse.cluster.host");
        if (port != 0) checkPortFree(host, port, "cluster (Artery TCP) port");
        String name = config.getString("glasshouse.cluster.system-name");
        Config nodeConfig = ConfigFactory.empty()
                .withValue("akka.remote.artery.canonical.hostname", ConfigValueFactory.fromAnyRef(host))
                .withValue("akka.remote.artery.canonical.port", ConfigValueFactory.fromAnyRef(port))
                .withValue("akka.cluster.roles", ConfigValueFactory.fromIterable(List.of(role.roleName)))
                .withValue("akka.cluster.seed-nodes",
                        ConfigValueFactory.fromIterable(seedNodes.stream().map(seed -> "akka://" + name + "@" + seed)
                                .distinct().toList()))
                .withFallback(config);
        return ActorSystem.create(guardian, name, nodeConfig);
    }

    /** Fails with a message naming the port when something already listens there. */
    public static void checkPortFree(String host, int port, String what) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new java.net.InetSocketAddress(InetAddress.getByName(host), port));
        } catch (IOException e) {
            throw new PortInUseException("the " + what + " " + host + ":" + port
                    + " is already in use: stop the process holding it or choose another port");
        }
    }

    /** A port Glasshouse was told to use is taken. */
    public static final class PortInUseException extends RuntimeException {
        public PortInUseException(String message) {
            super(message);
        }
    }
}

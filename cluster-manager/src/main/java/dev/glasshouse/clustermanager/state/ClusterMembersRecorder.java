package dev.glasshouse.clustermanager.state;

import akka.actor.Address;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.ClusterEvent;
import akka.cluster.Member;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Subscribe;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Tells {@code save} the host:port of the cluster's members whenever membership changes. Members on their way out
 * (leaving, exiting, down, removed) are left out: nobody should try to join through them. An unchanged list is not
 * told twice, nor an empty one.
 */
public final class ClusterMembersRecorder {
    private static final Set<MemberStatus> GOING = Set.of(MemberStatus.leaving(), MemberStatus.exiting(),
            MemberStatus.down(), MemberStatus.removed());

    private ClusterMembersRecorder() {
    }

    public static Behavior<ClusterEvent.MemberEvent> create(Consumer<List<String>> save) {
        return Behaviors.setup(context -> {
            // The subscription replays the current members as events first.
            Cluster.get(context.getSystem()).subscriptions()
                    .tell(Subscribe.create(context.getSelf(), ClusterEvent.MemberEvent.class));
            Map<Address, Member> members = new LinkedHashMap<>();
            List<List<String>> lastSaved = new ArrayList<>(List.of(List.of()));
            return Behaviors.receiveMessage(event -> {
                Member member = event.member();
                if (event instanceof ClusterEvent.MemberRemoved || GOING.contains(member.status())) {
                    members.remove(member.address());
                } else {
                    members.put(member.address(), member);
                }
                List<String> addresses = new ArrayList<>();
                for (Address address : members.keySet()) {
                    if (address.getHost().isPresent() && address.getPort().isPresent()) {
                        addresses.add(address.getHost().get() + ":" + address.getPort().get());
                    }
                }
                if (!addresses.isEmpty() && !addresses.equals(lastSaved.get(0))) {
                    lastSaved.set(0, List.copyOf(addresses));
                    save.accept(List.copyOf(addresses));
                }
                return Behaviors.same();
            });
        });
    }
}

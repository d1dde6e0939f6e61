package dev.glasshouse.clustermanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glasshouse.clustermanager.ExecutorRegistry.Grant;
import dev.glasshouse.clustermanager.ExecutorRegistry.RegisteredExecutor;
import dev.glasshouse.core.protocol.ExecutorInfo;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExecutorRegistryTest {
    /** Executors are reached by their id in these tests. */
    private final ExecutorRegistry<String> registry = new ExecutorRegistry<>();

    @Test
    void grantsFreeExecutorsToRequestsInArrivalOrder() {
        registry.request("app-a", 2);
        registry.request("app-b", 2);
        register("exec-1");
        register("exec-2");
        register("exec-3");

        assertThat(granted(registry.allocateFree())).containsExactly("app-a:exec-1", "app-a:exec-2", "app-b:exec-3");
        assertThat(registry.missing("app-a")).isZero();
        assertThat(registry.missing("app-b")).isEqualTo(1);

        register("exec-4");
        assertThat(granted(registry.allocateFree())).containsExactly("app-b:exec-4");
        register("exec-5");
        assertThat(registry.allocateFree()).as("nobody wants more").isEmpty();
    }

    @Test
    void aRepeatedRequestIsATotalNotMore() {
        register("exec-1");
        register("exec-2");
        registry.request("app-a", 1);
        registry.allocateFree();
        registry.request("app-a", 1);

        assertThat(registry.allocateFree()).isEmpty();
        assertThat(registry.get("exec-2").orElseThrow().owner()).isEmpty();
    }

    @Test
    void releaseFreesTheApplicationsExecutorsForOthers() {
        register("exec-1");
        register("exec-2");
        registry.request("app-a", 2);
        registry.request("app-b", 1);
        registry.allocateFree();

        List<RegisteredExecutor<String>> freed = registry.release("app-a");

        assertThat(freed).extracting(RegisteredExecutor::ref).containsExactly("exec-1", "exec-2");
        assertThat(freed).allMatch(executor -> executor.owner().equals(Optional.of("app-a")));
        assertThat(granted(registry.allocateFree())).containsExactly("app-b:exec-1");
        assertThat(registry.missing("app-a")).as("its request is gone too").isZero();
    }

    @Test
    void removingALostExecutorNamesItsOwnerWhichThenGetsTheNextFreeOne() {
        register("exec-1");
        registry.request("app-a", 1);
        registry.allocateFree();

        Optional<RegisteredExecutor<String>> removed = registry.remove("exec-1");

        assertThat(removed.orElseThrow().owner()).contains("app-a");
        assertThat(registry.remove("exec-1")).as("removing twice").isEmpty();
        assertThat(registry.missing("app-a")).isEqualTo(1);
        register("exec-2");
        assertThat(granted(registry.allocateFree())).containsExactly("app-a:exec-2");
    }

    @Test
    void aFreeExecutorIsRemovedWithoutOwner() {
        register("exec-1");
        assertThat(registry.remove("exec-1").orElseThrow().owner()).isEmpty();
        assertThat(registry.size()).isZero();
    }

    @Test
    void aRepeatedRegistrationChangesNothingAndAnotherIncarnationMustReplaceTheOldOne() {
        assertThat(registry.register(info("exec-1", 1), "exec-1")).isTrue();
        assertThat(registry.register(info("exec-1", 1), "exec-1")).isFalse();
        assertThat(registry.size()).isEqualTo(1);
        assertThatThrownBy(() -> registry.register(info("exec-1", 2), "exec-1"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void executorsAreListedInRegistrationOrder() {
        register("exec-2");
        register("exec-1");
        assertThat(registry.executors()).extracting(executor -> executor.info().executorId())
                .containsExactly("exec-2", "exec-1");
    }

    @Test
    void claimedExecutorsBecomeTheClaimantsNowOrWhenTheyRegisterAndAreNeverGranted() {
        register("exec-1");
        registry.request("app-other", 1);
        registry.request("app-a", 2);

        assertThat(registry.claim("app-a", List.of("exec-1", "exec-2"))).isEmpty();

        assertThat(registry.get("exec-1").orElseThrow().owner()).contains("app-a");
        assertThat(registry.missing("app-a")).as("the pending claim counts as held").isZero();
        assertThat(registry.pendingClaims()).isEqualTo(1);
        register("exec-2");
        register("exec-3");
        assertThat(registry.get("exec-2").orElseThrow().owner()).contains("app-a");
        assertThat(granted(registry.allocateFree())).containsExactly("app-other:exec-3");
        assertThat(registry.pendingClaims()).isZero();
    }

    @Test
    void anExecutorOfAnotherApplicationCannotBeClaimed() {
        register("exec-1");
        registry.request("app-a", 1);
        registry.allocateFree();

        assertThat(registry.claim("app-b", List.of("exec-1"))).containsExactly("exec-1");
        assertThat(registry.get("exec-1").orElseThrow().owner()).contains("app-a");
    }

    @Test
    void aDroppedClaimLetsItsApplicationBeGrantedAnother() {
        registry.request("app-a", 1);
        registry.claim("app-a", List.of("exec-1"));
        register("exec-2");
        assertThat(registry.allocateFree()).isEmpty();

        assertThat(registry.dropClaim("exec-1")).contains("app-a");

        assertThat(registry.dropClaim("exec-1")).isEmpty();
        assertThat(granted(registry.allocateFree())).containsExactly("app-a:exec-2");
        register("exec-1");
        assertThat(registry.get("exec-1").orElseThrow().owner()).as("registering after the drop: free").isEmpty();
    }

    @Test
    void releaseDropsTheApplicationsPendingClaims() {
        registry.request("app-a", 1);
        registry.claim("app-a", List.of("exec-1"));

        registry.release("app-a");

        register("exec-1");
        assertThat(registry.get("exec-1").orElseThrow().owner()).isEmpty();
    }

    private void register(String executorId) {
        registry.register(info(executorId, 1), executorId);
    }

    private static ExecutorInfo info(String executorId, long incarnation) {
        return new ExecutorInfo(executorId, incarnation, "127.0.0.1", 4000, 1, 512, 100);
    }

    private static List<String> granted(List<Grant<String>> grants) {
        return grants.stream().map(grant -> grant.applicationId() + ":" + grant.ref()).toList();
    }
}

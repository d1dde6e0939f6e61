package dev.glasshouse.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.glasshouse.core.block.BlockClient;
import dev.glasshouse.core.memory.ExecutionMemory;
import dev.glasshouse.core.exec.FetchFailedException;
import dev.glasshouse.core.exec.MapOutputLocation;
import dev.glasshouse.core.exec.TaskEnvironment;
import dev.glasshouse.core.protocol.FetchFailure;
import dev.glasshouse.executor.block.ShuffleBlockServer;
import dev.glasshouse.executor.block.ShuffleBlockStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutorTaskEnvironmentTest {
    private static final String APP = "app-1";

    @TempDir
    Path workDir;

    @Test
    void shuffleBlocksWrittenHereAreReadBackOverTheDataPlane() throws IOException {
        ShuffleBlockStore store = new ShuffleBlockStore(workDir);
        try (ShuffleBlockServer server = ShuffleBlockServer.start(store, "127.0.0.1", 0)) {
            // S3 plays no part in shuffles.
            ExecutorTaskEnvironment environment = new ExecutorTaskEnvironment(null, store, new BlockClient(), null,
                    ExecutionMemory.ofThisJvm());
            try (TaskEnvironment.ShuffleOutput output = environment.createShuffleOutput(APP, 0, 3, 2)) {
                output.partition(1).write(new byte[] {42});
                output.commit();
            }
            MapOutputLocation location = new MapOutputLocation(3, "exec-1", "127.0.0.1", server.port());
            try (InputStream in = environment.openShuffleBlock(APP, 0, location, 1)) {
                assertThat(in.readAllBytes()).containsExactly(42);
            }
        }
    }

    @Test
    void aBlockThatCannotBeFetchedIsAFetchFailureNamingTheMapSide() throws IOException {
        ShuffleBlockStore store = new ShuffleBlockStore(workDir);
        try (ShuffleBlockServer server = ShuffleBlockServer.start(store, "127.0.0.1", 0)) {
            ExecutorTaskEnvironment environment = new ExecutorTaskEnvironment(null, store, new BlockClient(), null,
                    ExecutionMemory.ofThisJvm());
            MapOutputLocation location = new MapOutputLocation(3, "exec-7", "127.0.0.1", server.port());

            FetchFailedException thrown = catchThrowableOfType(FetchFailedException.class,
                    () -> environment.openShuffleBlock(APP, 5, location, 2));

            FetchFailure failure = thrown.failure();
            assertThat(failure.shuffleId()).isEqualTo(5);
            assertThat(failure.mapPartition()).isEqualTo(3);
            assertThat(failure.reducePartition()).isEqualTo(2);
            assertThat(failure.executorId()).isEqualTo("exec-7");
            assertThat(failure.blockServerAddress()).isEqualTo("127.0.0.1:" + server.port());
            assertThat(failure.reason()).contains("/shuffle/app-1/5/3/2").contains("HTTP 404");
            assertThat(thrown).hasCauseInstanceOf(IOException.class);
        }
    }
}

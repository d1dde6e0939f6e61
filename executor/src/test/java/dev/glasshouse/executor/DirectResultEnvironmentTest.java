package dev.glasshouse.executor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glasshouse.core.exec.TaskEnvironment;
import dev.glasshouse.executor.block.ShuffleBlockStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectResultEnvironmentTest {
    @TempDir
    Path workDir;

    @Test
    void aSmallResultStaysInMemoryAndNoBlockFileIsWritten() throws IOException {
        ShuffleBlockStore store = new ShuffleBlockStore(workDir);
        DirectResultEnvironment env = new DirectResultEnvironment(new ExecutorTaskEnvironment(null, store, null, null,
                dev.glasshouse.core.memory.ExecutionMemory.ofThisJvm()), 16);

        try (TaskEnvironment.BlockOutput output = env.createResultBlock("app-1", 3, 0)) {
            output.stream().write(new byte[] {1, 2, 3});
            output.stream().write(4);
            assertThat(output.commit()).isEqualTo(4);
        }

        assertThat(env.directResult()).containsExactly(1, 2, 3, 4);
        assertThat(store.resultBlockFile("app-1", 3, 0)).doesNotExist();
    }

    @Test
    void aResultOverTheLimitGoesToTheBlockStoreWhole() throws IOException {
        ShuffleBlockStore store = new ShuffleBlockStore(workDir);
        DirectResultEnvironment env = new DirectResultEnvironment(new ExecutorTaskEnvironment(null, store, null, null,
                dev.glasshouse.core.memory.ExecutionMemory.ofThisJvm()), 16);
        byte[] expected = new byte[40];
        for (int i = 0; i < expected.length; i++) expected[i] = (byte) i;

        try (TaskEnvironment.BlockOutput output = env.createResultBlock("app-1", 3, 1)) {
            OutputStream out = output.stream();
            out.write(expected, 0, 10);
            out.write(expected[10]);
            out.write(expected, 11, 29);
            assertThat(output.commit()).isEqualTo(40);
        }

        assertThat(env.directResult()).isNull();
        assertThat(Files.readAllBytes(store.resultBlockFile("app-1", 3, 1))).isEqualTo(expected);
    }

    @Test
    void noResultBlockMeansNoDirectResult() {
        DirectResultEnvironment env = new DirectResultEnvironment(null, 16);
        assertThat(env.directResult()).isNull();
    }
}

package dev.glasshouse.core.exec;

import dev.glasshouse.core.memory.ExecutionMemory;
import dev.glasshouse.core.memory.MemoryBudget;
import dev.glasshouse.core.protocol.TaskAttemptId;
import dev.glasshouse.core.protocol.TaskDescription;
import dev.glasshouse.core.protocol.TaskMetrics;
import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.row.RowDecoder;
import dev.glasshouse.core.row.RowEncoder;
import dev.glasshouse.core.s3.ObjectStore;
import dev.glasshouse.core.types.Schema;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A task environment without an executor: shuffle input is rows a test hands over, encoded into blocks held in
 * memory; result blocks are kept in memory too. The execution memory is a (tiny) executor budget, so the real
 * {@link PartitionTask} runs with the real limits and spill files, in a temporary directory.
 */
final class InMemoryTaskEnvironment implements TaskEnvironment {
    static final String APP = "app-test";

    private final ExecutionMemory memory;
    private final Map<Integer, byte[]> shuffleBlocks = new HashMap<>();
    private final Map<String, byte[]> resultBlocks = new HashMap<>();
    private int nextShuffle;

    /** @param heapBytes the executor memory setting the budget is computed from (0.6 managed, half of it storage) */
    InMemoryTaskEnvironment(long heapBytes, Path spillRoot) {
        this.memory = new ExecutionMemory(new MemoryBudget(heapBytes, 0.6, 0.5, 1), spillRoot);
    }

    @Override
    public dev.glasshouse.core.cache.PartitionCache cache() {
        throw new UnsupportedOperationException("these tests persist nothing");
    }

    /** One reduce partition holding {@code rows}, as if one map task had written them. */
    PartitionSource.ShuffleRead shuffle(Schema schema, List<Row> rows) {
        int shuffleId = nextShuffle++;
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        RowEncoder encoder = new RowEncoder(schema.types(), block);
        try {
            for (Row row : rows) encoder.write(row);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        shuffleBlocks.put(shuffleId, block.toByteArray());
        return new PartitionSource.ShuffleRead(shuffleId, 0, schema,
                List.of(new MapOutputLocation(0, "exec-test", "localhost", 1)));
    }

    /** Runs one task of stage {@code stageId} for {@code partition} that keeps its rows as a result block. */
    TaskMetrics run(int stageId, int partition, PartitionSource source, List<PartitionOperator> operators,
                    Schema output) throws Exception {
        TaskAttemptId id = new TaskAttemptId(APP, 0, stageId, 0, partition, 0, stageId * 1000L + partition);
        return PartitionTask.run(new TaskDescription(id,
                new TaskPlan(source, operators, new PartitionSink.ResultBlock(output))), this).metrics();
    }

    /** The rows a task of {@link #run} produced, in order. */
    List<Row> result(int stageId, int partition, Schema schema) {
        byte[] block = resultBlocks.get(stageId + "/" + partition);
        if (block == null) throw new IllegalStateException("no result for stage " + stageId + " partition " + partition);
        List<Row> rows = new ArrayList<>();
        new RowDecoder(schema.types(), new ByteArrayInputStream(block)).forEachRemaining(rows::add);
        return rows;
    }

    /** Files left under the spill root (a finished task leaves none). */
    List<Path> spillFilesLeft() throws IOException {
        if (!Files.exists(memory.spillRoot())) return List.of();
        try (Stream<Path> files = Files.walk(memory.spillRoot())) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    @Override
    public ExecutionMemory executionMemory() {
        return memory;
    }

    @Override
    public ObjectStore objectStore() {
        throw new UnsupportedOperationException("no S3 in this test");
    }

    @Override
    public InputStream openShuffleBlock(String applicationId, int shuffleId, MapOutputLocation location,
                                        int reducePartition) {
        return new ByteArrayInputStream(shuffleBlocks.get(shuffleId));
    }

    @Override
    public ShuffleOutput createShuffleOutput(String applicationId, int shuffleId, int mapPartition,
                                             int reducePartitions) {
        throw new UnsupportedOperationException("tests here keep their output as result blocks");
    }

    @Override
    public BlockOutput createResultBlock(String applicationId, int stageId, int partition) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        return new BlockOutput() {
            @Override
            public OutputStream stream() {
                return bytes;
            }

            @Override
            public long commit() {
                resultBlocks.put(stageId + "/" + partition, bytes.toByteArray());
                return bytes.size();
            }

            @Override
            public void close() {
            }
        };
    }
}

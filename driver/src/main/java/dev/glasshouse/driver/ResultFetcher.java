package dev.glasshouse.driver;

import dev.glasshouse.core.block.BlockClient;
import dev.glasshouse.core.protocol.ExecutorInfo;
import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.row.RowDecoder;
import dev.glasshouse.core.types.Schema;
import dev.glasshouse.driver.scheduler.TaskOutcome;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Brings the results of a finished job to the driver in partition order: a small result came back inside its
 * task's report (a direct result); a larger one is fetched as a result block over the data plane, whatever its
 * size.
 */
final class ResultFetcher {
    private final BlockClient client = new BlockClient();
    private final DirectResults directResults;

    ResultFetcher(DirectResults directResults) {
        this.directResults = directResults;
    }

    List<Row> fetch(String applicationId, int jobId, int stageId, Schema schema, List<TaskOutcome> outcomes,
                    int limit) throws IOException {
        try {
            List<Row> rows = new ArrayList<>();
            List<TaskOutcome> ordered = outcomes.stream().sorted(Comparator.comparingInt(TaskOutcome::partition))
                    .toList();
            for (TaskOutcome outcome : ordered) {
                if (rows.size() >= limit) break;
                try (InputStream in = open(applicationId, stageId, outcome)) {
                    RowDecoder decoder = new RowDecoder(schema.types(), in);
                    while (decoder.hasNext() && rows.size() < limit) rows.add(decoder.next());
                }
            }
            return rows;
        } finally {
            directResults.discardJob(jobId);
        }
    }

    private InputStream open(String applicationId, int stageId, TaskOutcome outcome) throws IOException {
        byte[] direct = directResults.take(outcome.taskId());
        if (direct != null) return new ByteArrayInputStream(direct);
        ExecutorInfo executor = outcome.executor();
        return new BufferedInputStream(client.openResultBlock(executor.host(), executor.blockServerPort(),
                applicationId, stageId, outcome.partition()), 64 * 1024);
    }
}

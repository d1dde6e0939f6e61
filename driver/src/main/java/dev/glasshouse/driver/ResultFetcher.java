package dev.glasshouse.driver;

import dev.glasshouse.core.block.BlockClient;
import dev.glasshouse.core.protocol.ExecutorInfo;
import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.row.RowDecoder;
import dev.glasshouse.core.types.Schema;
import dev.glasshouse.driver.scheduler.TaskOutcome;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Brings the result blocks of a finished job to the driver over the data plane, in partition order — results
 * never travel inside Akka messages, whatever their size.
 */
final class ResultFetcher {
    private final BlockClient client = new BlockClient();

    List<Row> fetch(String applicationId, int stageId, Schema schema, List<TaskOutcome> outcomes, int limit)
            throws IOException {
        List<Row> rows = new ArrayList<>();
        List<TaskOutcome> ordered = outcomes.stream().sorted(Comparator.comparingInt(TaskOutcome::partition)).toList();
        for (TaskOutcome outcome : ordered) {
            if (rows.size() >= limit) break;
            ExecutorInfo executor = outcome.executor();
            try (InputStream in = new BufferedInputStream(client.openResultBlock(executor.host(),
                    executor.blockServerPort(), applicationId, stageId, outcome.partition()), 64 * 1024)) {
                RowDecoder decoder = new RowDecoder(schema.types(), in);
                while (decoder.hasNext() && rows.size() < limit) rows.add(decoder.next());
            }
        }
        return rows;
    }
}

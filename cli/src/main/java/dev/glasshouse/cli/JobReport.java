package dev.glasshouse.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glasshouse.core.protocol.TaskMetrics;
import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.types.Schema;
import dev.glasshouse.core.types.ValueText;
import dev.glasshouse.driver.TableFormatter;
import dev.glasshouse.driver.scheduler.JobResult;
import dev.glasshouse.driver.scheduler.StageSummary;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.TreeSet;

/** The end-of-job summary, as text for people or as one JSON document for scripts. */
final class JobReport {
    private JobReport() {
    }

    static TaskMetrics total(JobResult job) {
        TaskMetrics total = TaskMetrics.EMPTY;
        for (StageSummary stage : job.stages()) total = total.plus(stage.metrics());
        return total;
    }

    static int tasks(JobResult job) {
        return job.stages().stream().mapToInt(StageSummary::tasksRun).sum();
    }

    static String text(JobResult job) {
        TaskMetrics t = total(job);
        StringBuilder out = new StringBuilder();
        out.append(String.format("Job %d finished in %d ms: %d task(s) in %d stage(s)%n", job.jobId(), job.durationMs(),
                tasks(job), job.stages().size()));
        out.append(String.format("  input:         %,d bytes, %,d rows read from S3%n", t.inputBytes(), t.inputRows()));
        out.append(String.format("  shuffle write: %,d bytes, %,d rows%n", t.shuffleWriteBytes(), t.shuffleWriteRows()));
        out.append(String.format("  shuffle read:  %,d bytes, %,d rows%n", t.shuffleReadBytes(), t.shuffleReadRows()));
        out.append(String.format("  output:        %,d bytes, %,d rows%n", t.outputBytes(), t.outputRows()));
        // Only when it happened: most jobs fit in memory, and a spill is worth noticing.
        if (t.spillBytes() > 0) {
            out.append(String.format("  spilled:       %,d bytes to executors' local disk (aggregation, sort or join"
                    + " buffers beyond their execution memory)%n", t.spillBytes()));
        }
        for (StageSummary s : job.stages()) {
            int cached = s.metrics().cachedPartitions();
            out.append(String.format("  stage %d (%s): %d partition(s), %d task(s) run, %son %s%n", s.stageId(),
                    s.isShuffleMap() ? "shuffle map" : "result", s.partitions(), s.tasksRun(),
                    cached == 0 ? "" : cached + " read from cache, ", new TreeSet<>(s.executors())));
        }
        return out.toString();
    }

    static ObjectNode json(ObjectMapper mapper, JobResult job) {
        TaskMetrics t = total(job);
        ObjectNode node = mapper.createObjectNode();
        node.put("jobId", job.jobId());
        node.put("durationMs", job.durationMs());
        node.put("tasks", tasks(job));
        node.put("inputBytes", t.inputBytes());
        node.put("inputRows", t.inputRows());
        node.put("shuffleWriteBytes", t.shuffleWriteBytes());
        node.put("shuffleReadBytes", t.shuffleReadBytes());
        node.put("outputRows", t.outputRows());
        node.put("spillBytes", t.spillBytes());
        ArrayNode stages = node.putArray("stages");
        for (StageSummary s : job.stages()) {
            ObjectNode stage = stages.addObject();
            stage.put("stageId", s.stageId());
            stage.put("kind", s.isShuffleMap() ? "shuffle-map" : "result");
            stage.put("partitions", s.partitions());
            stage.put("tasksRun", s.tasksRun());
            stage.put("cachedPartitions", s.metrics().cachedPartitions());
            stage.put("inputBytes", s.metrics().inputBytes());
            ArrayNode executors = stage.putArray("executors");
            new TreeSet<>(s.executors()).forEach(executors::add);
        }
        return node;
    }

    static ArrayNode rows(ObjectMapper mapper, Schema schema, List<Row> rows) {
        ArrayNode array = mapper.createArrayNode();
        for (Row row : rows) {
            ObjectNode object = array.addObject();
            for (int c = 0; c < schema.size(); c++) object.putPOJO(schema.field(c).name(), jsonValue(row.get(c)));
        }
        return array;
    }

    /** Numbers, booleans and strings stay JSON values; a date or timestamp becomes its text, as {@code show()} prints it. */
    private static Object jsonValue(Object value) {
        return value instanceof LocalDate || value instanceof Instant ? ValueText.of(value) : value;
    }

    static String table(Schema schema, List<Row> rows) {
        return TableFormatter.format(schema, rows);
    }

    static ObjectMapper mapper() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }
}

package dev.glasshouse.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.SerializationTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import com.typesafe.config.ConfigFactory;
import dev.glasshouse.core.csv.CsvOptions;
import dev.glasshouse.core.format.FileFormat;
import dev.glasshouse.core.exec.FileSplit;
import dev.glasshouse.core.exec.MapOutputLocation;
import dev.glasshouse.core.exec.PartitionOperator;
import dev.glasshouse.core.exec.PartitionSink;
import dev.glasshouse.core.exec.PartitionSource;
import dev.glasshouse.core.exec.TaskPlan;
import dev.glasshouse.core.expr.AggregateCall;
import dev.glasshouse.core.expr.AggregateFunction;
import dev.glasshouse.core.expr.BoundColumn;
import dev.glasshouse.core.expr.Comparison;
import dev.glasshouse.core.expr.Literal;
import dev.glasshouse.core.types.DataType;
import dev.glasshouse.core.types.Schema;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Every message crosses the wire through Akka's jackson-cbor serializer; these prove they survive it. */
class ProtocolSerializationTest {
    private static final ActorTestKit testKit = ActorTestKit.create(
            ConfigFactory.parseString("akka.actor.provider = local\nakka.actor.serialize-messages = off")
                    .withFallback(ConfigFactory.load()));
    private static final SerializationTestKit serialization = new SerializationTestKit(testKit.system());

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    private static <T> T roundTrip(T message) {
        @SuppressWarnings("unchecked")
        T back = (T) serialization.verifySerialization(message, false);
        return back;
    }

    @Test
    void launchTaskWithAScanPipelineSurvives() {
        Schema file = Schema.parseDdl("country string, amount double");
        TaskPlan plan = new TaskPlan(
                new PartitionSource.FileScan(new FileSplit("s3://raw/sales/part-00000.csv", 0, 100, 100),
                        new FileFormat.Csv(CsvOptions.defaults()), file, Schema.parseDdl("day date"),
                        new int[]{0, 1}, List.of(new Comparison(Comparison.Op.NE,
                                new BoundColumn(0, "country", DataType.STRING), Literal.of("US")))),
                List.of(new PartitionOperator.Filter(new Comparison(Comparison.Op.GT,
                                new BoundColumn(1, "amount", DataType.DOUBLE), Literal.of(50))),
                        new PartitionOperator.PartialAggregate(List.of(new BoundColumn(0, "country", DataType.STRING)),
                                List.of(new AggregateCall(AggregateFunction.COUNT, null, "count")))),
                new PartitionSink.ShuffleWrite(3, 8, new int[]{0}, Schema.parseDdl("country string, count long")));
        TaskAttemptId id = new TaskAttemptId("app-1", 0, 2, 1, 5, 0, 77L);
        TestProbe<DriverProtocol.Command> driver = testKit.createTestProbe();

        ExecutorProtocol.LaunchTask back = roundTrip(new ExecutorProtocol.LaunchTask(new TaskDescription(id, plan),
                driver.getRef(), List.of("s3://glasshouse-apps/app-1/app.jar")));

        assertThat(back.driver()).isEqualTo(driver.getRef());
        assertThat(back.applicationJars()).containsExactly("s3://glasshouse-apps/app-1/app.jar");
        assertThat(back.task().id()).isEqualTo(id);
        TaskPlan p = back.task().plan();
        PartitionSource.FileScan source = (PartitionSource.FileScan) p.source();
        assertThat(source.columns()).containsExactly(0, 1);
        assertThat(source.dataSchema()).isEqualTo(file);
        assertThat(source.partitionSchema()).isEqualTo(Schema.parseDdl("day date"));
        assertThat(source.format()).isEqualTo(new FileFormat.Csv(CsvOptions.defaults()));
        assertThat(source.pushedFilters()).hasToString("[(country#0 != 'US')]");
        PartitionOperator.Filter filter = (PartitionOperator.Filter) p.operators().get(0);
        Literal fifty = (Literal) ((Comparison) filter.condition()).right();
        assertThat(fifty.value()).isEqualTo(50);
        assertThat(fifty.type()).isEqualTo(DataType.INT);
        assertThat(p.operators().get(1)).isEqualTo(plan.operators().get(1));
        PartitionSink.ShuffleWrite sink = (PartitionSink.ShuffleWrite) p.sink();
        assertThat(sink.keyColumns()).containsExactly(0);
        assertThat(sink.partitions()).isEqualTo(8);
    }

    @Test
    void shuffleReadAndReportsSurvive() {
        TaskPlan plan = new TaskPlan(new PartitionSource.ShuffleRead(3, 4, Schema.parseDdl("country string, count long"),
                List.of(new MapOutputLocation(0, "exec-1", "127.0.0.1", 4000))),
                List.of(new PartitionOperator.FinalAggregate(1,
                        List.of(new AggregateCall(AggregateFunction.COUNT, null, "count")))),
                new PartitionSink.ResultBlock(Schema.parseDdl("country string, count long")));
        assertThat(roundTrip(plan)).isEqualTo(plan);

        TaskAttemptId id = new TaskAttemptId("app-1", 0, 2, 0, 5, 1, 78L);
        DriverProtocol.TaskFailed failed = new DriverProtocol.TaskFailed(id, "exec-2", 9L, "boom",
                new FetchFailure(3, 0, 4, "exec-1", "127.0.0.1:4000", "connection refused"));
        assertThat(roundTrip(failed)).isEqualTo(failed);
        DriverProtocol.TaskFinished finished = new DriverProtocol.TaskFinished(id, "exec-2", 9L,
                new TaskMetrics(1, 2, 3, 4, 5, 6, 7, 8, 9));
        assertThat(roundTrip(finished)).isEqualTo(finished);
    }

    @Test
    void aDirectResultAndARangeSliceSurvive() {
        TaskAttemptId id = new TaskAttemptId("app-1", 3, 4, 0, 2, 0, 99L);
        byte[] rows = {0, 2, 4, 0, 6};
        DriverProtocol.TaskFinished finished = new DriverProtocol.TaskFinished(id, "exec-1", 5L,
                new TaskMetrics(1, 0, 3, 0, 0, 0, 0, 5, 3),
                List.of(new dev.glasshouse.core.cache.CachedBlock(new dev.glasshouse.core.cache.CacheBlockId(1, 2),
                        300, 0)), rows);
        DriverProtocol.TaskFinished back = roundTrip(finished);
        assertThat(back).isEqualTo(finished);
        assertThat(back.directResult()).containsExactly(0, 2, 4, 0, 6);
        assertThat(back.cachedBlocks()).isEqualTo(finished.cachedBlocks());

        TaskPlan plan = new TaskPlan(new PartitionSource.Range(40, 10, 2), List.of(),
                new PartitionSink.ResultBlock(Schema.parseDdl("id long")));
        assertThat(roundTrip(plan)).isEqualTo(plan);
    }
}

package dev.glasshouse.core.exec;

import dev.glasshouse.core.protocol.CborSerializable;
import java.util.List;

/**
 * The pipeline one task runs over its partition: rows stream from the source through the narrow operators
 * into the sink, one row at a time. This is a stage's work, specialised to one partition by the driver.
 */
public record TaskPlan(PartitionSource source, List<PartitionOperator> operators, PartitionSink sink)
        implements CborSerializable {
    public TaskPlan {
        operators = List.copyOf(operators);
    }
}

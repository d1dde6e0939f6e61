package dev.glasshouse.core.protocol;

/**
 * Marker for every message that crosses between Glasshouse processes. {@code reference.conf} binds it to Akka's
 * {@code jackson-cbor} serializer, so messages are Java records encoded as CBOR. Bulk data (rows, shuffle blocks,
 * results) moves over the block servers' HTTP data plane; the one exception is a result task's small result (at
 * most a few tens of KB), which rides in its {@link DriverProtocol.TaskFinished}, as Spark's direct results do.
 */
public interface CborSerializable {
}

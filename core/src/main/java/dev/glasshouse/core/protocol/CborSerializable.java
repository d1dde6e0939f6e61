package dev.glasshouse.core.protocol;

/**
 * Marker for every message that crosses between Glasshouse processes. {@code reference.conf} binds it to Akka's
 * {@code jackson-cbor} serializer, so messages are Java records encoded as CBOR. Bulk data (rows, shuffle blocks,
 * results) never travels in these messages: it moves over the block servers' HTTP data plane.
 */
public interface CborSerializable {
}

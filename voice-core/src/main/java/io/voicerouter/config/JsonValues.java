package io.voicerouter.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts between Jackson trees and the plain Java values the records hold for raw JSON
 * ({@code settings} and every {@code extra} map).
 *
 * <p>Integral numbers become {@link Long} ({@link BigInteger} beyond its range), decimals become
 * {@link Double} ({@link BigDecimal} when a double cannot hold them: beyond its range or so small it would be 0). Objects become insertion-ordered
 * maps, arrays lists, JSON {@code null} a Java {@code null}: unknown fields are raw JSON, and keeping
 * their nulls is what lets them survive a round trip.
 */
final class JsonValues {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonValues() {
    }

    static Object toJava(JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    map.put(e.getKey(), toJava(e.getValue()));
                }
                return Collections.unmodifiableMap(map);
            }
            case ARRAY: {
                List<Object> list = new ArrayList<>(node.size());
                for (JsonNode item : node) {
                    list.add(toJava(item));
                }
                return Collections.unmodifiableList(list);
            }
            case STRING:
                return node.textValue();
            case BOOLEAN:
                return node.booleanValue();
            case NUMBER:
                return number(node);
            case NULL:
            case MISSING:
                return null;
            default: // BINARY, POJO: never produced by the parser
                return node.toString();
        }
    }

    static Number number(JsonNode node) {
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Number) node.longValue() : node.bigIntegerValue();
        }
        BigDecimal exact = node.decimalValue();
        double d = exact.doubleValue();
        // Beyond a double (1e400) or below its smallest step (1e-400, which would read as 0): kept exact,
        // so range checks see the real value rather than infinity or a whole zero.
        return Double.isInfinite(d) || (d == 0 && exact.signum() != 0) ? exact : (Number) d;
    }

    static JsonNode toNode(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof JsonNode n) {
            return n;
        }
        if (value instanceof String s) {
            return NODES.textNode(s);
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return NODES.numberNode(((Number) value).longValue());
        }
        if (value instanceof BigInteger b) {
            return NODES.numberNode(b);
        }
        if (value instanceof BigDecimal b) {
            return NODES.numberNode(b);
        }
        if (value instanceof Float f) {
            // Float.toString keeps the short form the caller typed (0.95f writes 0.95, not 0.949999988079071).
            return NODES.numberNode(new BigDecimal(Float.toString(f)));
        }
        if (value instanceof Number n) {
            return NODES.numberNode(n.doubleValue());
        }
        if (value instanceof Map<?, ?> map) {
            var obj = NODES.objectNode();
            map.forEach((k, v) -> obj.set(String.valueOf(k), toNode(v)));
            return obj;
        }
        if (value instanceof Iterable<?> items) {
            var arr = NODES.arrayNode();
            items.forEach(v -> arr.add(toNode(v)));
            return arr;
        }
        if (value instanceof Object[] items) {
            var arr = NODES.arrayNode();
            for (Object v : items) {
                arr.add(toNode(v));
            }
            return arr;
        }
        if (value instanceof Enum<?> e) {
            return NODES.textNode(e.name());
        }
        // Instants, URIs and other value types: their text form, as a host would store it.
        return NODES.textNode(value.toString());
    }

    /** A typed decimal field: integral values without a fraction (2500), others in shortest form (15.2). */
    static JsonNode decimal(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return NODES.numberNode((long) value);
        }
        return NODES.numberNode(value);
    }

    static JsonNodeFactory nodes() {
        return NODES;
    }
}

package io.voicerouter.server.internal;

import java.util.List;
import java.util.Map;

/**
 * An HTTP error answer in OpenAI's shape: {@code {"error": {"message", "type", "param", "code"}}},
 * plus {@code problems} (every problem of an invalid body) and headers such as Retry-After.
 */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String type;
    private final String code;
    private final String param;
    private final List<String> problems;
    private final Map<String, String> headers;
    private final transient Object extra;

    public ApiError(int status, String code, String message) {
        this(status, code, message, null, List.of(), Map.of(), null);
    }

    public ApiError(int status, String code, String message, String param, List<String> problems,
                    Map<String, String> headers, Object extra) {
        super(message, null, false, false);
        this.status = status;
        this.type = typeFor(status);
        this.code = code;
        this.param = param;
        this.problems = List.copyOf(problems);
        this.headers = Map.copyOf(headers);
        this.extra = extra;
    }

    public static ApiError badRequest(String param, String message) {
        return new ApiError(400, "invalid_value", message, param, List.of(), Map.of(), null);
    }

    public static ApiError notFound(String message) {
        return new ApiError(404, "not_found", message);
    }

    public int status() { return status; }
    public String type() { return type; }
    public String code() { return code; }
    public String param() { return param; }
    public List<String> problems() { return problems; }
    public Map<String, String> headers() { return headers; }
    /** More fields for the error object (the attempt trace of a failed synthesis), or null. */
    public Object extra() { return extra; }

    private static String typeFor(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 429 -> "rate_limit_error";
            default -> status < 500 ? "invalid_request_error" : "server_error";
        };
    }
}

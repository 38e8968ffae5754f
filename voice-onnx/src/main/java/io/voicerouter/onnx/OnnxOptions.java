package io.voicerouter.onnx;

import io.voicerouter.error.InvalidOptionException;
import io.voicerouter.spi.ProviderContext;

import java.util.Locale;
import java.util.Optional;

/**
 * The one reader of ONNX Runtime options for every local provider, under the provider's id:
 *
 * <table>
 *   <caption>Options (PROVIDER is {@code piper}, {@code styletts2}, {@code xtts_v2}, ...)</caption>
 *   <tr><td>{@code PROVIDER.device}</td><td>{@code auto}, {@code cpu}, {@code cuda} or {@code cuda:N}</td></tr>
 *   <tr><td>{@code PROVIDER.intra_op_threads}</td><td>threads inside one operator, 0 to 1024 (0: ONNX
 *       Runtime's choice); {@code PROVIDER.threads} is the older name StyleTTS2 and XTTS v2 documented,
 *       still read when the new one is not set</td></tr>
 *   <tr><td>{@code PROVIDER.inter_op_threads}</td><td>threads across operators, 0 to 1024</td></tr>
 *   <tr><td>{@code PROVIDER.optimization}</td><td>{@code all}, {@code extended}, {@code basic} or {@code none}</td></tr>
 *   <tr><td>{@code PROVIDER.spin_wait}</td><td>{@code true} or {@code false}</td></tr>
 * </table>
 *
 * Options not set keep the provider's defaults. A bad value is an {@link InvalidOptionException}
 * that names the option (quoting the value only for the device and optimization names, never secrets), so a wrong thread count is reported as that, not as a
 * model that cannot be opened.
 */
public final class OnnxOptions {
    private OnnxOptions() {
    }

    /** The option key {@code PROVIDER.name}. */
    public static String key(String providerId, String name) {
        return providerId + "." + name;
    }

    /**
     * {@code defaults} with every option the host set for {@code providerId} applied.
     *
     * @throws InvalidOptionException naming the first option that is not valid, or both thread
     *                                options when they are set to different values
     */
    public static SessionOptions read(ProviderContext context, String providerId, SessionOptions defaults) {
        SessionOptions.Builder b = defaults.toBuilder();
        String deviceKey = key(providerId, "device");
        context.option(deviceKey).ifPresent(d -> {
            try {
                b.device(Device.parse(d));
            } catch (IllegalArgumentException e) {
                // a device name is no secret: quoting it shows the typo
                throw new InvalidOptionException(deviceKey, "option " + deviceKey + " must be auto, cpu, cuda or cuda:N,"
                        + " got '" + d.strip() + "'");
            }
        });
        intraOpThreads(context, providerId).ifPresent(b::intraOpThreads);
        context.intOption(key(providerId, "inter_op_threads"), 0, 1024).ifPresent(b::interOpThreads);
        context.booleanOption(key(providerId, "spin_wait")).ifPresent(b::spinWait);
        String optimizationKey = key(providerId, "optimization");
        context.option(optimizationKey).ifPresent(o -> {
            try {
                b.optimizationLevel(SessionOptions.OptimizationLevel.valueOf(o.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new InvalidOptionException(optimizationKey, "option " + optimizationKey
                        + " must be all, extended, basic or none, got '" + o.strip() + "'");
            }
        });
        return b.build();
    }

    private static Optional<Integer> intraOpThreads(ProviderContext context, String providerId) {
        String key = key(providerId, "intra_op_threads");
        String alias = key(providerId, "threads");
        Optional<Integer> value = context.intOption(key, 0, 1024);
        Optional<Integer> old = context.intOption(alias, 0, 1024);
        if (value.isPresent() && old.isPresent() && !value.equals(old)) {
            throw new InvalidOptionException(key, "options " + key + " and " + alias
                    + " (its older name) are both set, to different values: keep " + key);
        }
        return value.or(() -> old);
    }
}

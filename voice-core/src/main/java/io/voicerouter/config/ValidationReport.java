package io.voicerouter.config;

import java.util.List;
import java.util.stream.Collectors;

/** Every problem {@link VoiceConfigValidator} found in one config, in document order. */
public record ValidationReport(List<ConfigProblem> problems) {
    public ValidationReport {
        problems = List.copyOf(problems);
    }

    /** True when there is no {@link ConfigProblem.Severity#ERROR} (warnings allowed). */
    public boolean isValid() {
        return problems.stream().noneMatch(ConfigProblem::isError);
    }

    public List<ConfigProblem> errors() {
        return problems.stream().filter(ConfigProblem::isError).toList();
    }

    public List<ConfigProblem> warnings() {
        return problems.stream().filter(p -> !p.isError()).toList();
    }

    /** The problems at exactly {@code path}. */
    public List<ConfigProblem> at(String path) {
        return problems.stream().filter(p -> p.path().equals(path)).toList();
    }

    @Override
    public String toString() {
        if (problems.isEmpty()) {
            return "ValidationReport[no problems]";
        }
        return problems.stream().map(ConfigProblem::toString)
                .collect(Collectors.joining("\n  ", "ValidationReport[" + errors().size() + " errors, "
                        + warnings().size() + " warnings:\n  ", "]"));
    }
}

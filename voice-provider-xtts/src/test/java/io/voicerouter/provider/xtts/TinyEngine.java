package io.voicerouter.provider.xtts;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The tiny test export loaded once per test class (one intra-op thread) and closed after it. */
final class TinyEngine implements BeforeAllCallback, AfterAllCallback {
    private XttsEngine engine;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        engine = XttsEngine.load(Fixtures.tinyModel(), 1);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        engine.close();
    }

    XttsEngine engine() {
        return engine;
    }
}

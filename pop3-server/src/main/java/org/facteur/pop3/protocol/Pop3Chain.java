package org.facteur.pop3.protocol;

import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.protocols.api.handler.ProtocolHandlerChainImpl;
import org.apache.james.protocols.api.handler.WiringException;
import org.apache.james.protocols.pop3.core.DeleCmdHandler;
import org.apache.james.protocols.pop3.core.ListCmdHandler;
import org.apache.james.protocols.pop3.core.NoopCmdHandler;
import org.apache.james.protocols.pop3.core.StatCmdHandler;
import org.apache.james.protocols.pop3.core.StlsCmdHandler;
import org.apache.james.protocols.pop3.core.UidlCmdHandler;
import org.facteur.james.NoopMetricFactory;

/**
 * The POP3 handler chain, assembled by hand: James 3.8.1 ships none (notes/james-3.8.1.md 2).
 *
 * <p>From James: STAT, LIST, UIDL, DELE, NOOP (they work on the list taken at login) and STLS.
 * facteur's own: the greeting and connection limits, CAPA, USER, PASS, AUTH PLAIN, RETR and TOP
 * (byte-exact streaming), RSET (keeps the login list), QUIT (removal through the store), and the
 * dispatcher that lets replies wait off the I/O thread.
 */
public final class Pop3Chain {

    private Pop3Chain() {
    }

    public static ProtocolHandlerChainImpl build(Pop3Context context) {
        MetricFactory metrics = new NoopMetricFactory();
        Pop3Dispatcher dispatcher = new Pop3Dispatcher(context);
        Login login = new Login(context, dispatcher);
        ProtocolHandlerChainImpl chain = new ProtocolHandlerChainImpl();
        chain.add(new GreetingHandler(context));
        chain.add(new CapaHandler(context));
        chain.add(new UserHandler(context));
        chain.add(new PassHandler(context, login));
        chain.add(new AuthHandler(context, login));
        chain.add(new StatCmdHandler(metrics));
        chain.add(new ListCmdHandler(metrics));
        chain.add(new UidlCmdHandler(metrics));
        chain.add(new DeleCmdHandler(metrics));
        chain.add(new NoopCmdHandler(metrics));
        chain.add(new RetrHandler());
        chain.add(new RsetHandler());
        chain.add(new QuitHandler(context, dispatcher));
        if (!context.implicitTls()) {
            chain.add(new StlsCmdHandler(metrics));
        }
        chain.add(new UnknownHandler());
        chain.add(dispatcher);
        try {
            chain.wireExtensibleHandlers();
        } catch (WiringException e) {
            throw new IllegalStateException("cannot wire the POP3 handler chain", e);
        }
        return chain;
    }
}

package dev.duplex.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import org.junit.jupiter.api.Test;

/** The codec against messages shaped like the Go, Python and JavaScript peers send them. */
class MessageCodecTest {

    @Test
    void readsRequestsInAnyMemberOrderWithIdAndMoreOmitted() throws Exception {
        Message go = MessageCodec.decode(
                "{\"method\":\"echo\",\"type\":\"req\",\"payload\":{\"x\":1},\"id\":3}");
        Message notice = MessageCodec.decode("{\"type\":\"req\",\"method\":\"log\"}");

        assertThat(go.isRequest()).isTrue();
        assertThat(go.id()).isEqualTo(3);
        assertThat(go.more()).isFalse();
        assertThat(notice.hasId()).isFalse();
        assertThat(notice.payload()).isNull();
    }

    @Test
    void readsRepliesErrorsAndStreams() throws Exception {
        Message part = MessageCodec.decode(
                "{\"more\":true,\"id\":2,\"type\":\"rep\",\"payload\":5}");
        Message error = MessageCodec.decode(
                "{\"type\":\"rep\",\"id\":4,\"error\":{\"code\":-32601,\"message\":\"no\"}}");

        assertThat(part.more()).isTrue();
        assertThat(part.endsChannel()).isFalse();
        assertThat(error.isError()).isTrue();
        assertThat(error.errorCode()).isEqualTo(-32601);
        assertThat(error.endsChannel()).isTrue();
    }

    @Test
    void writesLikeTheOtherPeersOmittingZeroIdAndFalseMore() {
        String frame = MessageCodec.encode(
                Message.request("m", 0, Json.createValue(1), false, null));

        assertThat(frame).isEqualTo("{\"type\":\"req\",\"method\":\"m\",\"payload\":1}");
    }

    @Test
    void rejectsWhatTheProtocolDoesNotAllowSayingWhatWasExpected() {
        assertThatThrownBy(() -> MessageCodec.decode("{\"type\":\"req\",\"method\":\"m\",\"id\":"
                + "123456789012345678901234567890}"))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("expected \"id\"");
        assertThatThrownBy(() -> MessageCodec.decode("{\"type\":\"rep\",\"id\":1,\"error\":{}}"))
                .hasMessageContaining("error.code");
        assertThatThrownBy(() -> MessageCodec.decode("[".repeat(5000) + "]".repeat(5000)))
                .isInstanceOf(MalformedMessageException.class);
    }

    @Test
    void acceptsHandshakesOfVersionOneWithTheJsonCodecOnly() {
        assertThat(Handshake.refusalFor("SIMPLEX/1.0;json")).isNull();
        assertThat(Handshake.refusalFor("SIMPLEX/1.2;json")).isNull();
        assertThat(Handshake.refusalFor("SIMPLEX/2.0;json")).contains("version");
        assertThat(Handshake.refusalFor("SIMPLEX/1.0;cbor")).contains("codec");
        assertThat(Handshake.refusalFor("{\"type\":\"req\"}")).contains("handshake");
    }

    @Test
    void keepsThePayloadTextExactlyAndRewritesOnlyIdAndExt() throws Exception {
        String payload = "{ \"a\" : [1, 2.50, -3e2, \"x\\\"y\\u00e9\", {\"b\":null}], \"c\":true }";
        Message request = MessageCodec.decode("{ \"ext\" : {\"k\":1} , \"payload\" :  " + payload
                + " ,\"id\":7, \"method\":\"m\\\"q\", \"type\":\"req\" }");

        String rewritten = MessageCodec.encode(request.withId(9).withExtMember("route", "c1"));

        assertThat(rewritten).isEqualTo("{\"type\":\"req\",\"id\":9,\"method\":\"m\\\"q\","
                + "\"payload\":" + payload + ",\"ext\":{\"k\":1,\"route\":\"c1\"}}");
        assertThat(request.payload().asJsonObject().getBoolean("c")).isTrue();
    }

    @Test
    void keepsScalarAndLargePayloadsWhole() throws Exception {
        String big = "\"" + "z".repeat(900 * 1024) + "\"";
        for (String payload : new String[] {"0", "-1.5E+3", "\"\"", "null", "false", big}) {
            Message reply = MessageCodec.decode("{\"type\":\"rep\",\"id\":1,\"payload\":"
                    + payload + "}");

            assertThat(reply.payloadJson()).isEqualTo(payload);
            assertThat(MessageCodec.decode(MessageCodec.encode(reply)).payloadJson())
                    .isEqualTo(payload);
        }
    }

    @Test
    void rejectsAnInvalidPayloadAndTrailingContent() {
        assertThatThrownBy(() -> MessageCodec.decode(
                "{\"type\":\"req\",\"method\":\"m\",\"payload\":{\"a\" 1}}"))
                .isInstanceOf(MalformedMessageException.class);
        assertThatThrownBy(() -> MessageCodec.decode(
                "{\"type\":\"req\",\"method\":\"m\"} {}"))
                .isInstanceOf(MalformedMessageException.class);
        assertThatThrownBy(() -> MessageCodec.decode(
                "{\"type\":\"req\",\"method\":\"m\",\"payload\":[1,]}"))
                .isInstanceOf(MalformedMessageException.class);
    }

    @Test
    void keepsTheExtTextUntilItIsReadAndChecksItIsAnObject() throws Exception {
        Message reply = MessageCodec.decode("{\"type\":\"rep\",\"id\":3,\"payload\":1,"
                + "\"ext\": { \"route\" : \"c9\", \"trace\":[1, {\"x\":\"y\"}] } }");

        assertThat(MessageCodec.encode(reply.withId(4))).isEqualTo("{\"type\":\"rep\",\"id\":4,"
                + "\"payload\":1,\"ext\":{ \"route\" : \"c9\", \"trace\":[1, {\"x\":\"y\"}] }}");
        assertThat(reply.extString("route")).isEqualTo("c9");
        assertThat(MessageCodec.encode(reply.withoutExtMember("route")))
                .endsWith(",\"ext\":{\"trace\":[1,{\"x\":\"y\"}]}}");
        assertThat(MessageCodec.decode("{\"type\":\"rep\",\"id\":3,\"ext\":null}").ext())
                .isNull();
        assertThat(MessageCodec.encode(Message.reply(1, null, false, null)
                .withExtMember("route", "a\"b"))).endsWith(",\"ext\":{\"route\":\"a\\\"b\"}}");
        assertThatThrownBy(() -> MessageCodec.decode("{\"type\":\"rep\",\"id\":3,\"ext\":[]}"))
                .hasMessageContaining("expected \"ext\" to be an object");
        assertThatThrownBy(() -> MessageCodec.decode(
                "{\"type\":\"rep\",\"id\":3,\"ext\":{\"a\":}}"))
                .isInstanceOf(MalformedMessageException.class);
    }

    @Test
    void takesAPayloadGivenAsTextAfterCheckingItIsOneValue() throws Exception {
        Message call = Message.requestFromText("sum", " [1, 2,\n 3] \n");

        assertThat(MessageCodec.encode(call.withId(5))).isEqualTo(
                "{\"type\":\"req\",\"id\":5,\"method\":\"sum\",\"payload\":[1, 2,\n 3]}");
        assertThat(Message.requestFromText("m", "7").payload().toString()).isEqualTo("7");
        for (String bad : new String[] {"", "{\"a\":", "1 2", "[1,]", "'x'", "[".repeat(5000)}) {
            assertThatThrownBy(() -> Message.requestFromText("m", bad))
                    .as(bad.length() > 20 ? "deep" : bad)
                    .isInstanceOf(MalformedMessageException.class);
        }
    }

    @Test
    void addsTheRouteToAnExtWithoutRewritingWhatTheSenderWrote() throws Exception {
        Message request = MessageCodec.decode("{\"type\":\"req\",\"id\":1,\"method\":\"m\","
                + "\"ext\":{ \"n\" : 1e1 ,\"route\":\"forged\",\n\"s\":\"\\u00e9\",\"a\":[1.50, {}]"
                + " ,\"route\" : 7 }}");

        assertThat(request.withExtMember("route", "c1").extJson()).isEqualTo(
                "{\"n\" : 1e1,\"s\":\"\\u00e9\",\"a\":[1.50, {}],\"route\":\"c1\"}");
        assertThat(MessageCodec.decode("{\"type\":\"req\",\"method\":\"m\",\"ext\": { } }")
                .withExtMember("route", "c1").extJson()).isEqualTo("{\"route\":\"c1\"}");
        assertThat(Message.reply(2, null, false, null).withExtOf(request).extJson())
                .isEqualTo(request.extJson());
    }

    @Test
    void refusesAPayloadTooDeepToFitInAFrame() throws Exception {
        String deep = "[".repeat(999) + "]".repeat(999);
        String fits = "[".repeat(998) + "]".repeat(998);

        assertThatThrownBy(() -> Message.requestFromText("m", deep))
                .isInstanceOf(MalformedMessageException.class);
        Message call = Message.requestFromText("m", fits).withId(1).withExtMember("route", "h1");
        assertThat(MessageCodec.decode(MessageCodec.encode(call)).payloadJson()).isEqualTo(fits);
    }
}

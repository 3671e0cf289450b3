package xxftp.ftp.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** HAProxy's PROXY protocol spec (haproxy.org/download/2.9/doc/proxy-protocol.txt), its examples and its limits. */
class ProxyHeaderTest {

    private static final String MAX_V6 = "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff";

    /** The header, then what must still be there for the protocol after it. */
    private static ProxyHeader readThenExpectRest(byte[] header) throws IOException {
        byte[] rest = "USER alice\r\n".getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.write(header);
        wire.write(rest);
        ByteArrayInputStream in = new ByteArrayInputStream(wire.toByteArray());
        ProxyHeader parsed = ProxyHeader.read(in);
        assertThat(in.readAllBytes()).isEqualTo(rest);
        return parsed;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static InetSocketAddress at(String address, int port) throws IOException {
        return new InetSocketAddress(InetAddress.getByName(address), port);
    }

    @Test
    void v1Tcp4NamesTheClientAndTheAddressItReached() throws IOException {
        assertThat(readThenExpectRest(ascii("PROXY TCP4 192.0.2.10 198.51.100.1 56324 21\r\n")))
                .isEqualTo(new ProxyHeader.Proxied(at("192.0.2.10", 56324), at("198.51.100.1", 21)));
    }

    @Test
    void v1TheSpecsLongestLinesFit() throws IOException {
        assertThat(readThenExpectRest(ascii("PROXY TCP4 255.255.255.255 255.255.255.255 65535 65535\r\n")))
                .isEqualTo(new ProxyHeader.Proxied(at("255.255.255.255", 65535), at("255.255.255.255", 65535)));
        byte[] tcp6 = ascii("PROXY TCP6 " + MAX_V6 + " " + MAX_V6 + " 65535 65535\r\n");
        assertThat(tcp6).hasSize(104);
        assertThat(readThenExpectRest(tcp6)).isEqualTo(new ProxyHeader.Proxied(at(MAX_V6, 65535), at(MAX_V6, 65535)));
        byte[] unknown = ascii("PROXY UNKNOWN " + MAX_V6 + " " + MAX_V6 + " 65535 65535\r\n");
        assertThat(unknown).hasSize(ProxyHeader.V1_MAX_BYTES);
        assertThat(readThenExpectRest(unknown)).isEqualTo(new ProxyHeader.Local());
    }

    @Test
    void v1UnknownMeansTheConnectionsOwnAddresses() throws IOException {
        assertThat(readThenExpectRest(ascii("PROXY UNKNOWN\r\n"))).isEqualTo(new ProxyHeader.Local());
    }

    @Test
    void v1Tcp6() throws IOException {
        assertThat(readThenExpectRest(ascii("PROXY TCP6 2001:db8::1 2001:db8::2 40000 2121\r\n")))
                .isEqualTo(new ProxyHeader.Proxied(at("2001:db8::1", 40000), at("2001:db8::2", 2121)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "PROXY TCP4 192.0.2.10 198.51.100.1 56324 21\n",          // LF alone
        "PROXY TCP4  192.0.2.10 198.51.100.1 56324 21\r\n",       // two spaces
        "PROXY TCP4 192.0.2.10 198.51.100.1 56324\r\n",           // a port missing
        "PROXY TCP4 192.0.2.10 198.51.100.1 56324 21 7\r\n",      // a word too many
        "PROXY TCP4 192.0.2.256 198.51.100.1 56324 21\r\n",       // not an address
        "PROXY TCP4 localhost 198.51.100.1 56324 21\r\n",         // a name, never looked up
        "PROXY TCP4 2001:db8::1 198.51.100.1 56324 21\r\n",       // IPv6 in a TCP4 line
        "PROXY TCP6 192.0.2.10 198.51.100.1 56324 21\r\n",        // IPv4 in a TCP6 line
        "PROXY TCP4 192.0.2.10 198.51.100.1 65536 21\r\n",        // port out of range
        "PROXY TCP4 192.0.2.10 198.51.100.1 -1 21\r\n",
        "PROXY TCP4 192.0.2.10 198.51.100.1 021 21\r\n",          // leading zero
        "PROXY UDP4 192.0.2.10 198.51.100.1 56324 21\r\n",
        "proxy TCP4 192.0.2.10 198.51.100.1 56324 21\r\n",
        "PROXY TCP4 192.0.2.10 198.51.100.1 56324 21",            // cut short
        "USER alice\r\n",                                         // no header at all
        "",
    })
    void malformedV1HeadersAreRefused(String header) {
        assertThatThrownBy(() -> ProxyHeader.read(new ByteArrayInputStream(ascii(header))))
                .isInstanceOf(MalformedProxyHeader.class);
    }

    @Test
    void v1EndingInABareLfIsRefusedThereNotAfterWaitingForMore() {
        ByteArrayInputStream in = new ByteArrayInputStream(ascii("PROXY TCP4 192.0.2.10 198.51.100.1 56324 21\nUSER"));
        assertThatThrownBy(() -> ProxyHeader.read(in)).isInstanceOf(MalformedProxyHeader.class);
        assertThat(in.available()).isEqualTo(4);
    }

    @Test
    void v1LongerThanTheSpecAllowsIsRefusedAfterItsLimit() throws IOException {
        byte[] endless = ascii("PROXY UNKNOWN " + "x".repeat(200) + "\r\n");
        ByteArrayInputStream in = new ByteArrayInputStream(endless);
        assertThatThrownBy(() -> ProxyHeader.read(in)).isInstanceOf(MalformedProxyHeader.class);
        assertThat(in.available()).isEqualTo(endless.length - ProxyHeader.V1_MAX_BYTES);
    }

    /** Spec 2.2: signature, 0x21 (v2, PROXY), family, length, addresses, ports. */
    private static byte[] v2(String versionCommand, String family, String body) {
        String length = String.format("%04x", body.length() / 2);
        return HexFormat.of().parseHex("0d0a0d0a000d0a515549540a" + versionCommand + family + length + body);
    }

    @Test
    void v2TcpOverIpv4() throws IOException {
        // 192.0.2.10:56324 to 198.51.100.1:21
        assertThat(readThenExpectRest(v2("21", "11", "c000020a" + "c6336401" + "dc04" + "0015")))
                .isEqualTo(new ProxyHeader.Proxied(at("192.0.2.10", 56324), at("198.51.100.1", 21)));
    }

    @Test
    void v2TcpOverIpv6() throws IOException {
        String client = "20010db8000000000000000000000001";
        String server = "20010db8000000000000000000000002";
        assertThat(readThenExpectRest(v2("21", "21", client + server + "9c40" + "0849")))
                .isEqualTo(new ProxyHeader.Proxied(at("2001:db8::1", 40000), at("2001:db8::2", 2121)));
    }

    @Test
    void v2TlvsAfterTheAddressesAreSkipped() throws IOException {
        // PP2_TYPE_AUTHORITY "ftp.example" and PP2_TYPE_NOOP of 3 bytes
        String tlvs = "02000b" + HexFormat.of().formatHex(ascii("ftp.example")) + "040003000000";
        assertThat(readThenExpectRest(v2("21", "11", "c000020a" + "c6336401" + "dc04" + "0015" + tlvs)))
                .isEqualTo(new ProxyHeader.Proxied(at("192.0.2.10", 56324), at("198.51.100.1", 21)));
    }

    @Test
    void v2LocalIsTheBalancersOwnConnection() throws IOException {
        assertThat(readThenExpectRest(v2("20", "00", ""))).isEqualTo(new ProxyHeader.Local());
        // LOCAL: whatever addresses follow are ignored
        assertThat(readThenExpectRest(v2("20", "11", "c000020a" + "c6336401" + "dc04" + "0015"))).isEqualTo(new ProxyHeader.Local());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "0d0a0d0a000d0a515549540a" + "11" + "11" + "000c" + "c000020ac6336401dc040015", // version 1 in binary
        "0d0a0d0a000d0a515549540a" + "22" + "11" + "000c" + "c000020ac6336401dc040015", // command 2
        "0d0a0d0a000d0a515549540a" + "21" + "12" + "000c" + "c000020ac6336401dc040015", // UDP
        "0d0a0d0a000d0a515549540a" + "21" + "00" + "0000",                              // PROXY, no family
        "0d0a0d0a000d0a515549540a" + "21" + "31" + "0000",                              // a UNIX socket
        "0d0a0d0a000d0a515549540a" + "21" + "11" + "000b" + "c000020ac6336401dc0400",   // too short for its addresses
        "0d0a0d0a000d0a515549540a" + "21" + "11" + "000c" + "c000020ac6336401",         // cut short
        "0d0a0d0a000d0a515549540b" + "21" + "11" + "000c" + "c000020ac6336401dc040015", // signature off by one bit
        "0d0a0d0a000d0a5155",
    })
    void malformedV2HeadersAreRefused(String hex) {
        assertThatThrownBy(() -> ProxyHeader.read(new ByteArrayInputStream(HexFormat.of().parseHex(hex))))
                .isInstanceOf(IOException.class);
    }
}

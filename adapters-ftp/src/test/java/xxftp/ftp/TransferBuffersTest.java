package xxftp.ftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TransferBuffersTest {

    @Test
    void buffersGivenBackAreTakenAgainClearedAndAtMostSixteenAreKept() {
        List<ByteBuffer> taken = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ByteBuffer buffer = TransferBuffers.take();
            assertThat(buffer.isDirect()).isTrue();
            assertThat(buffer.capacity()).isEqualTo(TransferBuffers.BYTES);
            buffer.put((byte) 1);
            taken.add(buffer);
        }
        taken.forEach(TransferBuffers::give);
        Set<ByteBuffer> given = Collections.newSetFromMap(new IdentityHashMap<>());
        given.addAll(taken);
        int reused = 0;
        for (int i = 0; i < 20; i++) {
            ByteBuffer again = TransferBuffers.take();
            assertThat(again.position()).isZero();
            assertThat(again.remaining()).isEqualTo(TransferBuffers.BYTES);
            if (given.contains(again)) {
                reused++;
            }
        }
        assertThat(reused).isEqualTo(16);
    }
}

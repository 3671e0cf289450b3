package xxftp.bootstrap;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import org.junit.jupiter.api.Test;

/** The hexagon, stated once: what each module's main code may import. */
class ArchitectureTest {

    /** Every module's main classes (from their folders or their jars, as the build puts them on the path). */
    private static final JavaClasses ALL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("xxftp");

    @Test
    void theDomainImportsNoAdapterNoFrameworkNoProtocolNoAws() {
        noClasses().that().resideInAPackage("xxftp.domain..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "xxftp.ftp..", "xxftp.localfs..", "xxftp.s3..", "xxftp.bootstrap..",
                        "com.google.inject..", "software.amazon..", "org.apache.commons.net..",
                        "javax.net..", "java.nio.file..", "ch.qos.logback..")
                // URIs name mount targets; sockets are the FTP adapter's
                .orShould().dependOnClassesThat().belongToAnyOf(Socket.class, ServerSocket.class, SocketChannel.class)
                .check(ALL);
    }

    @Test
    void adaptersDoNotImportEachOther() {
        noClasses().that().resideInAPackage("xxftp.ftp..")
                .should().dependOnClassesThat().resideInAnyPackage("xxftp.localfs..", "xxftp.s3..", "xxftp.bootstrap..")
                .check(ALL);
        noClasses().that().resideInAPackage("xxftp.localfs..")
                .should().dependOnClassesThat().resideInAnyPackage("xxftp.ftp..", "xxftp.s3..", "xxftp.bootstrap..")
                .check(ALL);
        noClasses().that().resideInAPackage("xxftp.s3..")
                .should().dependOnClassesThat().resideInAnyPackage("xxftp.ftp..", "xxftp.localfs..", "xxftp.bootstrap..")
                .check(ALL);
    }

    @Test
    void guiceOnlyInBootstrap() {
        noClasses().that().resideOutsideOfPackage("xxftp.bootstrap..")
                .should().dependOnClassesThat().resideInAPackage("com.google.inject..")
                .check(ALL);
    }
}

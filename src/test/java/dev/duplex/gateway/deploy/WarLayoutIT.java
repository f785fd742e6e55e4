package dev.duplex.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.testing.BuiltWar;
import java.io.IOException;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What inside the WAR lets one file serve Tomcat, Jetty and {@code java -jar}: servlet
 * containers read WEB-INF/lib and WEB-INF/classes, the launcher reads the root and
 * WEB-INF/jetty.
 */
class WarLayoutIT {

    private JarFile war;

    @BeforeEach
    void openWar() throws IOException {
        war = new JarFile(BuiltWar.path().toFile());
    }

    @AfterEach
    void closeWar() throws IOException {
        war.close();
    }

    @Test
    void startsTheLauncherWithJavaDashJar() throws IOException {
        assertThat(war.getManifest().getMainAttributes().getValue("Main-Class"))
                .isEqualTo("dev.duplex.gateway.launcher.Launcher");
    }

    @Test
    void keepsOnlyTheLauncherAtTheRoot() {
        assertThat(names()).filteredOn(name -> name.endsWith(".class"))
                .filteredOn(name -> !name.startsWith("WEB-INF/"))
                .isNotEmpty()
                .allMatch(name -> name.startsWith("dev/duplex/gateway/launcher/Launcher"));
    }

    @Test
    void keepsContainerJarsOutOfTheLibraryFolder() {
        assertThat(names()).filteredOn(name -> name.startsWith("WEB-INF/lib/"))
                .noneMatch(name -> name.contains("jetty"))
                .noneMatch(name -> name.contains("tomcat"))
                .noneMatch(name -> name.contains("servlet"))
                .noneMatch(name -> name.contains("websocket"));
    }

    @Test
    void keepsTheLauncherPackageOutOfTheClassesFolder() {
        assertThat(names())
                .noneMatch(name -> name.startsWith("WEB-INF/classes/dev/duplex/gateway/launcher/"));
    }

    @Test
    void carriesJettyWithItsLoggingAndStarter() {
        assertThat(names()).filteredOn(name -> name.startsWith("WEB-INF/jetty/"))
                .anyMatch(name -> name.matches("WEB-INF/jetty/jetty-server-.*\\.jar"))
                .anyMatch(name -> name.matches("WEB-INF/jetty/slf4j-simple-.*\\.jar"))
                .anyMatch(name -> name.matches("WEB-INF/jetty/slf4j-api-.*\\.jar"))
                .anyMatch(name -> name.matches("WEB-INF/jetty/jakarta.servlet-api-.*\\.jar"))
                .contains("WEB-INF/jetty/duplex-gateway-embedded-jetty.jar");
    }

    private List<String> names() {
        return war.stream().map(ZipEntry::getName).toList();
    }
}

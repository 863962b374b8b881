# Debian packages, one per component, made by CPack's DEB generator
# (`cpack -G DEB` in a build folder; docs/install.md). The programs' own
# install() rules sit next to their targets; this file adds the settings, the
# systemd units, the maintainer scripts and each package's control fields.
include(GNUInstallDirs)

set(GUICHET_PACKAGE_MAINTAINER "Guichet maintainers <guichet@example.org>" CACHE STRING
    "The Maintainer field of the Debian packages")
set(GUICHET_PACKAGE_RELEASE 1 CACHE STRING "The Debian revision of the packages (raise it to rebuild a version)")
# Debian 12's layout: systemd units and PAM files under /lib and /etc.
set(GUICHET_UNIT_DIR /lib/systemd/system)
set(pkg ${CMAKE_CURRENT_SOURCE_DIR}/packaging)
set(gen ${CMAKE_CURRENT_BINARY_DIR}/packaging)

# Every package's /usr/share/doc/PACKAGE: copyright, changelog (Debian policy 12.5, 12.7).
configure_file(${pkg}/debian/changelog.in ${gen}/changelog @ONLY)
execute_process(COMMAND gzip -9nc ${gen}/changelog OUTPUT_FILE ${gen}/changelog.Debian.gz COMMAND_ERROR_IS_FATAL ANY)
foreach(component common hub sync kiosk pack partner)
  install(FILES ${pkg}/debian/copyright ${gen}/changelog.Debian.gz DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/guichet-${component}
          COMPONENT ${component})
endforeach()
install(FILES docs/install.md DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/guichet-common COMPONENT common)

# Settings (conffiles: dpkg keeps an administrator's edits across updates).
install(FILES ${pkg}/etc/guichet.conf DESTINATION /etc/guichet COMPONENT common)
install(FILES ${pkg}/etc/hub.conf DESTINATION /etc/guichet COMPONENT hub)
install(FILES ${pkg}/etc/sync.conf DESTINATION /etc/guichet COMPONENT sync)
install(FILES ${pkg}/etc/kiosk.conf DESTINATION /etc/guichet COMPONENT kiosk)
install(FILES ${pkg}/pam/guichet-kiosk DESTINATION /etc/pam.d COMPONENT kiosk)

# A manual page per program, made from its --help at build time.
function(guichet_man_page target component summary)
  set(out ${gen}/man/${target}.1.gz)
  add_custom_command(OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DPROGRAM=$<TARGET_FILE:${target}> -DNAME=${target} "-DSUMMARY=${summary}" -DOUT=${out}
            -P ${CMAKE_CURRENT_SOURCE_DIR}/cmake/GuichetManPage.cmake
    DEPENDS ${target} ${CMAKE_CURRENT_SOURCE_DIR}/cmake/GuichetManPage.cmake VERBATIM)
  add_custom_target(${target}-man ALL DEPENDS ${out})
  install(FILES ${out} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT ${component})
endfunction()
# Not in sanitized or fuzzing builds: their programs are not the packages', and
# a leak report at exit would fail the build.
if(NOT GUICHET_SANITIZE AND NOT GUICHET_FUZZ)
  file(MAKE_DIRECTORY ${gen}/man)
  guichet_man_page(guichet-hub hub "the town hall's hub for Guichet kiosks")
  guichet_man_page(guichet-sync sync "the Guichet kiosk's sync agent")
  guichet_man_page(guichet-kiosk kiosk "the Guichet touch kiosk")
  guichet_man_page(guichet-queue kiosk "the Guichet kiosk's outbox at a glance")
  guichet_man_page(guichet-pack pack "build, sign, verify and publish Guichet content packs")
  guichet_man_page(guichet-mapgen pack "synthetic map layers for Guichet packs")
  guichet_man_page(guichet-partner partner "a partner service's client of a Guichet hub")
endif()

install(FILES ${pkg}/systemd/guichet-hub.service ${pkg}/systemd/guichet-hub-backup.service
              ${pkg}/systemd/guichet-hub-backup.timer DESTINATION ${GUICHET_UNIT_DIR} COMPONENT hub)
install(FILES ${pkg}/systemd/guichet-sync.service DESTINATION ${GUICHET_UNIT_DIR} COMPONENT sync)
install(FILES ${pkg}/systemd/guichet-kiosk@.service DESTINATION ${GUICHET_UNIT_DIR} COMPONENT kiosk)

# Maintainer scripts: guichet-common's own, and the units' for the three services.
function(guichet_service_scripts component units out)
  set(PACKAGE guichet-${component})
  set(UNITS ${units})
  set(files)
  foreach(script postinst prerm postrm)
    configure_file(${pkg}/debian/service.${script}.in ${gen}/${component}/${script} @ONLY
                   FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
    list(APPEND files ${gen}/${component}/${script})
  endforeach()
  set(${out} ${files} PARENT_SCOPE)
endfunction()
function(guichet_conffiles component out)
  string(REPLACE ";" "\n" lines "${ARGN}")
  file(WRITE ${gen}/${component}/conffiles "${lines}\n")
  set(${out} ${gen}/${component}/conffiles PARENT_SCOPE)
endfunction()
guichet_service_scripts(hub "guichet-hub.service guichet-hub-backup.timer" hub_scripts)
guichet_service_scripts(sync "guichet-sync.service" sync_scripts)
guichet_service_scripts(kiosk "'guichet-kiosk@*.service'" kiosk_scripts)
guichet_conffiles(common common_conf /etc/guichet/guichet.conf)
guichet_conffiles(hub hub_conf /etc/guichet/hub.conf)
guichet_conffiles(sync sync_conf /etc/guichet/sync.conf)
guichet_conffiles(kiosk kiosk_conf /etc/guichet/kiosk.conf /etc/pam.d/guichet-kiosk)

set(CPACK_PACKAGE_NAME guichet)
set(CPACK_PACKAGE_VENDOR "Guichet")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_CONTACT "${GUICHET_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_DIRECTORY ${CMAKE_BINARY_DIR}/packages)
set(CPACK_STRIP_FILES ON)
set(CPACK_GENERATOR DEB)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL common hub sync kiosk pack partner)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE ${GUICHET_PACKAGE_RELEASE})
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${GUICHET_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "")
# Library dependencies from the programs themselves (dpkg-shlibdeps).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS OFF)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(exact "guichet-common (= ${PROJECT_VERSION}-${GUICHET_PACKAGE_RELEASE})")

set(CPACK_DEBIAN_COMMON_PACKAGE_NAME guichet-common)
set(CPACK_DEBIAN_COMMON_PACKAGE_ARCHITECTURE all)
set(CPACK_DEBIAN_COMMON_PACKAGE_DEPENDS "adduser")
set(CPACK_DEBIAN_COMMON_PACKAGE_CONTROL_EXTRA ${pkg}/debian/common/postinst ${pkg}/debian/common/postrm ${common_conf})
set(CPACK_COMPONENT_COMMON_DESCRIPTION "Guichet public-service kiosk - shared files
The system user guichet that the kiosk, its sync agent and the hub run as,
its data folder /var/lib/guichet, the settings shared by the kiosk and its
agent (/etc/guichet/guichet.conf) and the installation guide.")

set(CPACK_DEBIAN_HUB_PACKAGE_NAME guichet-hub)
set(CPACK_DEBIAN_HUB_PACKAGE_DEPENDS "${exact}")
set(CPACK_DEBIAN_HUB_PACKAGE_CONTROL_EXTRA ${hub_scripts} ${hub_conf})
set(CPACK_COMPONENT_HUB_DESCRIPTION "Guichet public-service kiosk - town hall hub
Receives the kiosks' sealed démarches and hands them to partner services,
sends statuses back, serves the pack repository and feeds, the partner
agents' back office and the town-hall staff pages. Runs as a hardened systemd
service (guichet-hub.service); settings in /etc/guichet/hub.conf.")

set(CPACK_DEBIAN_SYNC_PACKAGE_NAME guichet-sync)
set(CPACK_DEBIAN_SYNC_PACKAGE_DEPENDS "${exact}")
set(CPACK_DEBIAN_SYNC_PACKAGE_CONTROL_EXTRA ${sync_scripts} ${sync_conf})
set(CPACK_COMPONENT_SYNC_DESCRIPTION "Guichet public-service kiosk - sync agent
Sends the kiosk's démarches to the town hall's hub as soon as the line is up,
fetches statuses, feeds and pack updates (overnight when démarches wait), and
carries them on a USB stick where there is no line. Runs as
guichet-sync.service; settings in /etc/guichet/sync.conf.")

set(CPACK_DEBIAN_KIOSK_PACKAGE_NAME guichet-kiosk)
# cage is the Wayland kiosk session; Debian's cage needs Xwayland though it does
# not depend on it. Fonts are read from their Debian paths, GL comes from Mesa.
# glib-networking: TLS for WPE WebKit's network process (« Services en ligne », docs/web-view.md),
# loaded by GIO as a module, so dpkg-shlibdeps cannot see it.
set(CPACK_DEBIAN_KIOSK_PACKAGE_DEPENDS
    "${exact}, cage, xwayland, fonts-dejavu-core, libgl1-mesa-dri, libegl-mesa0, libpam-systemd, glib-networking")
set(CPACK_DEBIAN_KIOSK_PACKAGE_RECOMMENDS "fonts-font-awesome, guichet-sync")
set(CPACK_DEBIAN_KIOSK_PACKAGE_CONTROL_EXTRA ${kiosk_scripts} ${kiosk_conf})
set(CPACK_COMPONENT_KIOSK_DESCRIPTION "Guichet public-service kiosk - touch kiosk
The touch screen residents use: content packs, forms filed as sealed
démarches, receipts, speech and a non-visual mode. Runs full screen in a
Wayland kiosk session under cage (guichet-kiosk@tty1.service); settings in
/etc/guichet/kiosk.conf. Also guichet-queue, the outbox's counts.")

set(CPACK_DEBIAN_PACK_PACKAGE_NAME guichet-pack)
set(CPACK_DEBIAN_PACK_PACKAGE_SUGGESTS "guichet-kiosk")
set(CPACK_COMPONENT_PACK_DESCRIPTION "Guichet public-service kiosk - content pack tool
Builds, signs, verifies and publishes the kiosk's content packs from their
sources (pages, forms, maps, media); guichet-pack preview opens the kiosk on
a source while staff edit it. Also guichet-mapgen, the map layer importer.")

set(CPACK_DEBIAN_PARTNER_PACKAGE_NAME guichet-partner)
set(CPACK_COMPONENT_PARTNER_DESCRIPTION "Guichet public-service kiosk - partner service client
Fetches and opens the démarches a town hall's hub holds for a partner
service, acknowledges them and sends their statuses back.")

include(CPack)

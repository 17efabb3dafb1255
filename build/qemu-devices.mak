# SPDX-License-Identifier: ISC
# qemu-devices.mak - the devices the static QEMU is built with
# (build/qemu.sh: --without-default-devices --with-devices-x86_64=halbox).
# Exactly what vmm can put on a guest's command line, one line each with
# why; everything else of QEMU's 1,451 default objects stays out.
# tests/boot/qemu-devices.t checks every device vmm emits against
# `-device help` of the built binary, so the two cannot drift.

# Machines: pc for BIOS guests (vmm's default, IDE on PIIX), q35 for UEFI
# guests (AHCI on ICH9, pflash for OVMF; both boards select their chipset)
CONFIG_I440FX=y
CONFIG_Q35=y

# NICs vmm offers (nic =): rtl8139 is the default (the seed's), e1000 and
# e1000e for guests without virtio drivers, virtio-net-pci for speed
CONFIG_RTL8139_PCI=y
CONFIG_E1000_PCI=y
CONFIG_E1000E_PCI_EXPRESS=y
CONFIG_VIRTIO_PCI=y
CONFIG_VIRTIO_NET=y

# Disks: IDE and AHCI come with the boards; disk_bus = virtio and scsi
CONFIG_VIRTIO_BLK=y
CONFIG_VIRTIO_SCSI=y

# virtio-rng-pci: the seed gives every guest an entropy source
CONFIG_VIRTIO_RNG=y

# -vga std: display = curses, vnc and fb draw the guest's VGA
CONFIG_VGA_PCI=y

# USB for guests that want it (args = -device qemu-xhci -device usb-...):
# an xHCI controller, HID (usb-kbd, usb-tablet: dev-hid.c is CONFIG_USB)
# and mass storage (usb-storage) for a passed-through stick
CONFIG_USB=y
CONFIG_USB_XHCI_PCI=y
CONFIG_USB_STORAGE_CLASSIC=y

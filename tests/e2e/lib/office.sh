# Shared by end-to-end scripts (sourced; not a test itself): a small office site for
# the fault tests.  office_site N makes, in $GATEHOUSE_DB/$GATEHOUSE_JOURNAL, a public
# Hall and private Bureaux, Amina (staff, always allowed in Bureaux, UID badge
# 04112233445566), and N readers r1..rN at fail-secure doors D1..DN (Hall -> Bureaux,
# release 1 s) whose relays and contacts are on the door simulator (sim:Dk.*) and
# whose readers are PN532 emulators on $tmp/tty-k.
office_site() {
	"$GH" init >/dev/null
	"$GH" zone add Hall --level public
	"$GH" zone add Bureaux --level private
	"$GH" schedule add Toujours --window "daily 00:00-24:00"
	"$GH" profile add Bureau
	"$GH" profile rule Bureau --zone Bureaux --schedule Toujours
	"$GH" person add amina --name "Amina Benali" --kind staff
	"$GH" person grant amina Bureau
	"$GH" badge enroll 04112233445566 --person amina >/dev/null
	k=1
	while [ "$k" -le "$1" ]; do
		"$GH" reader add "r$k" --connstring "pn532_uart:$tmp/tty-$k"
		"$GH" door add "D$k" --from Hall --to Bureaux --reader "r$k" --release-s 1
		"$GH" door set "D$k" --relay "sim:D$k.relay" --contact "sim:D$k.contact"
		k=$((k + 1))
	done
}

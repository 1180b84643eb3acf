#!/bin/sh
# Create the demo site: a small office building in Casablanca with a street and
# lobby, a delivery dock, offices, an operations room and a server room; staff, a
# contractor and visitors.  Usage: demo-site.sh GATEHOUSE-BINARY VAR-DIR
set -eu
GH=$1
VAR=$2
mkdir -p "$VAR"
export GATEHOUSE_DB="$VAR/config.db" GATEHOUSE_JOURNAL="$VAR/journal.db"
g() { "$GH" "$@" >/dev/null; }

g init --site "Siège Casablanca" --timezone Africa/Casablanca

g zone add "Rue" --level public --sign "Voie publique"
g zone add "Hall d'accueil" --level public --sign "Accueil — présentez-vous au poste de garde / الاستقبال"
g zone add "Quai de livraison" --level public --delivery --sign "Zone de livraison — accès transporteurs"
g zone add "Bureaux" --level private --passback soft \
	--sign "Zone privée — badge personnel obligatoire / منطقة خاصة"
g zone add "Salle d'exploitation" --level private --passback hard --max-occupancy 12 \
	--sign "Zone privée — personnel d'exploitation et visiteurs accompagnés"
g zone add "Salle serveurs" --level sensitive --passback hard --max-occupancy 6 \
	--sign "Zone sensible — accès nominatif, visiteurs et prestataires accompagnés en permanence / منطقة حساسة"

R() { echo "pn532_uart:$VAR/readers/$1"; }
for r in entree bureaux-in bureaux-out quai portail exploitation serveurs-in serveurs-out; do
	g reader add "r-$r" --connstring "$(R "r-$r")"
done
g reader add r-accueil --connstring "$(R r-accueil)" --enrollment

g door add "Entrée principale" --from "Rue" --to "Hall d'accueil" --reader r-entree --release-s 5 --held-s 30
g door add "Portail livraison" --from "Rue" --to "Quai de livraison" --reader r-portail --held-s 120
g door add "Accès bureaux" --from "Hall d'accueil" --to "Bureaux" \
	--reader r-bureaux-in:in --reader r-bureaux-out:out
g door add "Quai vers bureaux" --from "Quai de livraison" --to "Bureaux" --reader r-quai \
	--compensating-measure "Vidéosurveillance du quai et agent présent pendant chaque livraison"
g door add "Exploitation" --from "Bureaux" --to "Salle d'exploitation" --reader r-exploitation
g door add "Salle serveurs" --from "Salle d'exploitation" --to "Salle serveurs" \
	--reader r-serveurs-in:in --reader r-serveurs-out:out --release-s 4 --held-s 20
i=0
for d in "Entrée principale" "Portail livraison" "Accès bureaux" "Quai vers bureaux" "Exploitation" "Salle serveurs"; do
	g door set "$d" --relay "sim:D$i.relay" --contact "sim:D$i.contact" --rex "sim:D$i.rex"
	i=$((i + 1))
done
g door set "Entrée principale" --fail-safe

g schedule add "Heures ouvrées" --window "mon-fri 08:00-19:00" --window "sat 09:00-13:00" --holidays-closed
g schedule add "Permanent" --window "daily 00:00-24:00"
g schedule add "Maintenance" --window "mon-fri 09:00-17:00" --holidays-closed
g schedule add "Astreinte de nuit" --window "daily 19:00-08:00"

g holiday add 2026-01-01 --name "Nouvel an"
g holiday add 2026-01-11 --name "Manifeste de l'indépendance"
g holiday add 2026-05-01 --name "Fête du Travail"
g holiday add 2026-07-30 --name "Fête du Trône"
g holiday add 2026-11-06 --name "Marche verte"
g holiday add 2026-11-18 --name "Fête de l'indépendance"

g profile add "Employé"
g profile rule "Employé" --zone "Bureaux" --schedule "Heures ouvrées"
g profile add "Exploitation"
g profile rule "Exploitation" --zone "Bureaux" --schedule "Permanent"
g profile rule "Exploitation" --zone "Salle d'exploitation" --schedule "Permanent"
g profile add "Administration système"
g profile rule "Administration système" --zone "Bureaux" --schedule "Permanent"
g profile rule "Administration système" --zone "Salle d'exploitation" --schedule "Permanent"
g profile rule "Administration système" --zone "Salle serveurs" --schedule "Heures ouvrées"
g profile rule "Administration système" --zone "Salle serveurs" --schedule "Astreinte de nuit"
g profile add "Sûreté"
g profile rule "Sûreté" --zone "Bureaux" --schedule "Permanent"
g profile rule "Sûreté" --zone "Salle d'exploitation" --schedule "Permanent"
g profile rule "Sûreté" --zone "Salle serveurs" --schedule "Permanent"

g person add E-1001 --name "Amina El Idrissi" --kind staff --org "Direction informatique" --vetted --can-escort
g person add E-1002 --name "يوسف بنعلي" --kind staff --org "Exploitation" --vetted --can-escort
g person add E-1003 --name "Claire Martin" --kind staff --org "Ressources humaines"
g person add S-0001 --name "Karim Tazi" --kind staff --org "Sûreté" --vetted --can-escort --lockdown-ok
g person add C-2001 --name "Hicham Alaoui" --kind contractor --org "Atlas Climatisation" \
	--valid-from 2026-01-01 --valid-until 2027-06-30
g person add V-3001 --name "Sophie Bernard" --kind visitor --org "Audit & Conseil"
g person add V-3002 --name "ليلى حداد" --kind visitor --org "مكتب الدراسات"

g person grant E-1001 "Administration système"
g person grant E-1002 "Exploitation"
g person grant E-1003 "Employé"
g person grant S-0001 "Sûreté"

g badge enroll 04A1B2C3 --person E-1001
g badge enroll 04B2C3D4 --person E-1002
g badge enroll 04C3D4E5 --person E-1003
g badge enroll 04D4E5F6 --person S-0001
g badge enroll 04E5F607 --person C-2001 --valid-until 2027-06-30
g badge enroll 0471A2B3C4D5E6 --person V-3001
g badge enroll 0472A2B3C4D5E6 --person V-3002

today=$(TZ=Africa/Casablanca date +%F)
g visit add V-3001 --host E-1001 --from "$today" --until "$today" --id-doc "Passeport:18FR45127"
g visit add V-3002 --host E-1002 --from "$today" --until "$today" --id-doc "CIN:BK287341"

; Inno Setup 6 script: installs the PyInstaller one-folder bundle (dist\petition-desk) on Windows.
; Build on Windows after `make bundle` (see packaging\README.md):
;     iscc /DAppVersion=0.1.0 packaging\windows\petition-desk.iss
; The installer goes to dist\installer\PetitionDesk-<version>-setup.exe.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6B7A1C2E-5F0B-4B8E-9E51-3A1D2C7F4E10}
AppName=Petition Desk
AppVersion={#AppVersion}
AppPublisher=Petition Desk contributors
DefaultDirName={autopf}\Petition Desk
DefaultGroupName=Petition Desk
; Per-user install by default (no administrator needed); the user may choose all users.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist\installer
OutputBaseFilename=PetitionDesk-{#AppVersion}-setup
SetupIconFile=petition-desk.ico
UninstallDisplayIcon={app}\petition-desk-gui.exe
LicenseFile=..\..\assets\fonts\OFL.txt
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
Name: "sv"; MessagesFile: "compiler:Languages\Swedish.isl"
Name: "fr"; MessagesFile: "compiler:Languages\French.isl"
Name: "de"; MessagesFile: "compiler:Languages\German.isl"
Name: "ru"; MessagesFile: "compiler:Languages\Russian.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\..\dist\petition-desk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Petition Desk"; Filename: "{app}\petition-desk-gui.exe"
Name: "{group}\{cm:UninstallProgram,Petition Desk}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\Petition Desk"; Filename: "{app}\petition-desk-gui.exe"; Tasks: desktopicon

[Registry]
; Drafts (.pdesk) open in Petition Desk on a double click.
Root: HKA; Subkey: "Software\Classes\.pdesk"; ValueType: string; ValueName: ""; ValueData: "PetitionDesk.Draft"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\PetitionDesk.Draft"; ValueType: string; ValueName: ""; ValueData: "Petition Desk draft"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\PetitionDesk.Draft\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\petition-desk-gui.exe,0"
Root: HKA; Subkey: "Software\Classes\PetitionDesk.Draft\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\petition-desk-gui.exe"" ""%1"""

[Run]
Filename: "{app}\petition-desk-gui.exe"; Description: "{cm:LaunchProgram,Petition Desk}"; Flags: nowait postinstall skipifsilent
